using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Storage;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Hosting;

/// <summary>
/// Makes a host an Orleans silo of the product. With <c>ConnectionStrings:Postgres</c>: ADO.NET clustering, grain
/// storage and reminders on PostgreSQL (schema migrated first), any number of silos. Without it, the single node:
/// localhost clustering, grain storage, reminders and the operations tables in one SQLite file (<c>Store:SqlitePath</c>).
/// </summary>
public static class SiloHosting
{
    public const string Invariant = "Npgsql";

    private const string AdoNetStorage = "delivery-adonet";

    /// <summary>The PostgreSQL connection string, or null on the single node.</summary>
    public static string? PostgresOf(IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres") is { Length: > 0 } connection ? connection : null;

    public static string SqlitePathOf(IConfiguration configuration) =>
        configuration["Store:SqlitePath"] is { Length: > 0 } path ? path : Path.Combine("data", "orleans-delivery.db");

    /// <summary>The Orleans silo, its storage and reminders, the effect runner and the operations tables.</summary>
    /// <param name="membership">
    /// Whether to configure clustering and endpoints (true); false when the host supplies membership itself, as
    /// Orleans' in-process test cluster does.
    /// </param>
    public static IHostApplicationBuilder AddDeliverySilo(this IHostApplicationBuilder builder, bool membership = true)
    {
        var configuration = builder.Configuration;
        var postgres = PostgresOf(configuration);
        var sqlitePath = SqlitePathOf(configuration);
        builder.Services.AddDeliveryGrains();
        builder.Services.AddEffectHandler<OperationsEntryHandler>();
        builder.Services.AddEffectHandler<ReviewChangeHandler>();
        if (postgres is not null)
        {
            builder.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(postgres));
            builder.Services.TryAddSingleton<IOperationsStore>(sp => new PostgresOperationsStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            builder.Services.TryAddSingleton<IOperationsStore>(_ => SqliteOperationsStore.OpenAsync(sqlitePath).GetAwaiter().GetResult());
        }

        builder.UseOrleans(silo =>
        {
            var cluster = configuration.GetSection("Orleans");
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster["ClusterId"] ?? "orleans-delivery";
                o.ServiceId = cluster["ServiceId"] ?? "orleans-delivery";
            });
            silo.Configure<ClusterMembershipOptions>(cluster.GetSection("Membership"));
            // A call that failed because the database did not answer carries the driver's exception back to the
            // caller (a gateway maps it to 503); Orleans serializes exceptions of allowed namespaces only.
            silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
            var siloPort = cluster.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
            var gatewayPort = cluster.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
            var serializer = new GrainStateSerializer();
            if (postgres is not null)
            {
                silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, postgres));
                silo.AddAdoNetGrainStorage(AdoNetStorage, o => (o.Invariant, o.ConnectionString, o.GrainStorageSerializer) = (Invariant, postgres, serializer));
                silo.Services.AddKeyedSingleton<IGrainStorage>(
                    GrainStorage.Name, (sp, _) => new KeyPrefixedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(AdoNetStorage)));
            }
            else
            {
                silo.AddSqliteGrainStorage(GrainStorage.Name, o => (o.DatabasePath, o.GrainStorageSerializer) = (sqlitePath, serializer));
                silo.UseSqliteReminderService(sqlitePath);
            }

            if (!membership)
            {
                return;
            }

            if (postgres is not null)
            {
                var advertised = cluster["AdvertisedAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
                silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: cluster.GetValue("ListenOnAnyAddress", false));
                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, postgres));
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort);
            }
        });
        return builder;
    }
}
