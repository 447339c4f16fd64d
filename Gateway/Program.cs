using Orleans.Delivery.Gateway.Hosting;

namespace Orleans.Delivery.Gateway;

/// <summary>
/// The gateway on its own: an Orleans client that verifies webhooks and records each with one grain call. It finds
/// the silos in the cluster's membership table on PostgreSQL, starts without any, and answers 503 with
/// <c>Retry-After</c> while none can take a call; the single-node default hosts these same endpoints inside the Silo
/// process instead.
/// </summary>
// Not static: WebApplicationFactory<Program> needs it as a type argument.
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException(
                "The standalone gateway needs ConnectionStrings:Postgres (it finds the silos in the cluster's membership table). " +
                "For one process on SQLite, run the Silo project instead.");
        }

        builder.AddClusterClient(postgres);
        builder.Services.AddGateway(builder.Configuration);
        var app = builder.Build();
        app.UseClusterConnection();
        app.MapGateway();
        app.Run();
    }
}
