using Orleans.Delivery.Gateway.Hosting;

namespace Orleans.Delivery.Gateway;

/// <summary>
/// The gateway on its own: verifies webhooks and records them with one grain turn. It shares PostgreSQL with the
/// silos; the single-node default hosts these same endpoints inside the Silo process instead.
/// </summary>
// Not static: WebApplicationFactory<Program> needs it as a type argument.
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")))
        {
            throw new InvalidOperationException(
                "The standalone gateway needs ConnectionStrings:Postgres (it shares the database with the silos). " +
                "For one process on SQLite, run the Silo project instead.");
        }

        builder.Services.AddGateway(builder.Configuration);
        var app = builder.Build();
        app.MapGateway();
        app.Run();
    }
}
