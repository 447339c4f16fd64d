using Orleans.Configuration;
using Orleans.Delivery.Gateway.Hosting;

namespace Orleans.Delivery.Gateway;

/// <summary>
/// The gateway on its own: an Orleans client that verifies webhooks and records each with one grain call. It finds
/// the silos in the cluster's membership table on PostgreSQL; the single-node default hosts these same endpoints
/// inside the Silo process instead.
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

        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "orleans-delivery";
                o.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "orleans-delivery";
            })
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres))

            // A silo's call that failed on PostgreSQL arrives with Npgsql's exception, which answers 503, not 500.
            .Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql")));
        builder.Services.AddGateway(builder.Configuration);
        var app = builder.Build();
        app.MapGateway();
        app.Run();
    }
}
