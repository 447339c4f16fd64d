namespace Orleans.Delivery.SupplierSimulator;

/// <summary>
/// Runs the simulated supplier standalone:
/// <c>dotnet run --project tests/SupplierSimulator -- --urls http://127.0.0.1:5080 --Simulator:ApiKey=k
/// --Simulator:WebhookCallbackUrl=http://127.0.0.1:5000/webhooks/supplier --Simulator:DefaultLatency=00:00:00.050
/// --Simulator:Skus:steam-20-usd=pending-then-webhook:2000,duplicate</c>.
/// Script at run time with <c>PUT /_sim/skus/{sku}</c> <c>{"behaviour":"error-500:2"}</c>; read
/// <c>GET /_sim/ledger</c>, <c>/_sim/counters</c>, <c>/_sim/webhooks</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            // Loopback only unless told otherwise.
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var options = SupplierSimulatorOptions.FromConfiguration(builder.Configuration.GetSection("Simulator"));
        var (app, supplier) = SupplierSimulatorApp.Build(builder, options);
        app.Lifetime.ApplicationStopping.Register(() => supplier.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.Run();
    }
}
