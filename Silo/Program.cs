using Orleans.Delivery.Gateway.Hosting;
using Orleans.Delivery.Silo.Catalog;

namespace Orleans.Delivery.Silo;

/// <summary>
/// A silo: runs reminders and effects. On the embedded default it also hosts the gateway's endpoints, on SQLite
/// under ./data; with ConnectionStrings:Postgres set, any number of silos share one database.
/// </summary>
// Not static: WebApplicationFactory<Program> needs it as a type argument.
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGateway(builder.Configuration);
        builder.Services.AddSilo(builder.Configuration);
        builder.Services.AddDeliveryHandlers(builder.Configuration);
        builder.Services.Configure<CatalogSeedOptions>(builder.Configuration.GetSection("Catalog"));
        builder.Services.AddHostedService<CatalogSeeder>();
        var app = builder.Build();
        app.MapGateway();
        app.Run();
    }
}
