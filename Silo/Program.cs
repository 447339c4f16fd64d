using Orleans.Delivery.Gateway.Hosting;
using Orleans.Delivery.Silo.Catalog;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Demo;
using Orleans.Delivery.Silo.Hosting;
using Orleans.Delivery.Silo.Reconciliation;
using Scalar.AspNetCore;

namespace Orleans.Delivery.Silo;

/// <summary>
/// An Orleans silo: hosts the grains and runs their effects, with the gateway's endpoints co-hosted. On the embedded
/// default it is a single node on SQLite under ./data; with ConnectionStrings:Postgres set, any number of silos form
/// one cluster on that database. <c>--demo</c> runs the
/// demo store; <c>pay &lt;order-id&gt;</c> pays an order on a running demo node; <c>migrate</c> applies the PostgreSQL
/// schema migrations and exits.
/// </summary>
// Not static: WebApplicationFactory<Program> needs it as a type argument.
public sealed class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [PayCommand.Name, .. var payArguments])
        {
            return await PayCommand.RunAsync(payArguments, Console.Out, TimeProvider.System);
        }

        if (args is [MigrateCommand.Name, .. var migrateArguments])
        {
            return await MigrateCommand.RunAsync(migrateArguments, Console.Out, TimeProvider.System);
        }

        var builder = WebApplication.CreateBuilder(DemoMode.Arguments(args));
        await using var demo = await DemoMode.StartAsync(builder.Configuration);
        if (SiloHosting.PostgresOf(builder.Configuration) is { } postgres)
        {
            // Before the silo joins: clustering, storage and reminders read their statements from these tables.
            await MigrateCommand.MigrateAsync(postgres, CancellationToken.None);
        }

        builder.AddDeliverySilo();
        builder.AddDeliveryDashboard();
        builder.Services.AddGateway(builder.Configuration);
        builder.Services.AddDeliveryHandlers(builder.Configuration);
        builder.Services.Configure<CatalogSeedOptions>(builder.Configuration.GetSection("Catalog"));
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.SectionName));
        builder.Services.AddHostedService<CatalogSeeder>();
        builder.Services.AddHostedService<OperationsStarter>();
        if (demo is not null)
        {
            builder.Services.AddSingleton(demo);
            builder.Services.AddHostedService<DemoModeReport>();
        }

        var app = builder.Build();
        app.MapGateway();
        app.MapDeliveryDashboard();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Orleans.Delivery"));
        await app.RunAsync();
        return 0;
    }
}
