using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Delivery.Silo.Storage;
using Orleans.Delivery.Silo.Storage.Postgres;
using Orleans.Hosting;
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

    /// <summary>How many statements each PostgreSQL connection keeps prepared, unless the operator says otherwise.</summary>
    public const int PreparedStatements = 64;

    /// <summary>The PostgreSQL connection string (<see cref="WithPreparedStatements"/>), or null on the single node.</summary>
    public static string? PostgresOf(IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres") is { Length: > 0 } connection ? WithPreparedStatements(connection) : null;

    /// <summary>
    /// <paramref name="connectionString"/> with Npgsql's automatic preparation on (<c>Max Auto Prepare</c>
    /// <see cref="PreparedStatements"/>), unless it sets <c>Max Auto Prepare</c> itself; 0 turns preparation off, as a
    /// pooler in transaction mode without prepared-statement support needs. A silo runs a handful of statements again
    /// and again (grain writes, reminder reads, the operations tables' inserts): prepared, PostgreSQL parses and plans
    /// each once per connection instead of once per call.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = PreparedStatements }.ConnectionString;
    }

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
        builder.Services.AddEffectHandler<OrderRowHandler>();
        if (postgres is not null)
        {
            builder.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(postgres));
            builder.Services.TryAddSingleton(sp => new PostgresWriteBatcher(sp.GetRequiredService<NpgsqlDataSource>()));
            builder.Services.TryAddSingleton<IOperationsStore>(sp => new PostgresOperationsStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<PostgresWriteBatcher>()));
            builder.Services.TryAddSingleton<IOrderListStore>(sp => new PostgresOrderListStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<PostgresWriteBatcher>()));
        }
        else
        {
            builder.Services.TryAddSingleton<IOperationsStore>(_ => SqliteOperationsStore.OpenAsync(sqlitePath).GetAwaiter().GetResult());
            builder.Services.TryAddSingleton<IOrderListStore>(_ => SqliteOrderListStore.OpenAsync(sqlitePath).GetAwaiter().GetResult());
        }

        builder.Services.AddOptions<OrderBacklogOptions>()
            .Bind(configuration.GetSection(OrderBacklogOptions.SectionName))
            .Validate(o => o.PaidUndeliveredRefresh > TimeSpan.Zero, "Metrics:PaidUndeliveredRefresh must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<PaidUndeliveredGauge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PaidUndeliveredGauge>());

        builder.UseOrleans(silo =>
        {
            var cluster = configuration.GetSection("Orleans");

            // Grain calls carry the caller's trace (W3C traceparent) and open spans of their own when sampled.
            silo.AddActivityPropagation();
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster["ClusterId"] ?? "orleans-delivery";
                o.ServiceId = cluster["ServiceId"] ?? "orleans-delivery";
            });
            if (postgres is not null)
            {
                // Failover bounds of the cluster (measured on PostgreSQL with three silo processes): a silo killed
                // outright drops its connections and is declared dead after about 3.5 s, a frozen one (SIGSTOP) after
                // about 10 s; Orleans' defaults (10 s probe timeout, 3 missed probes) took about 7 s and 62 s.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    // One missed probe after 1 s: a healthy silo on the same network answers in milliseconds; a
                    // silo that needs longer under load is suspected, never declared dead by one slow answer.
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);

                    // Two missed probes in a row make a suspicion: dead within a few seconds of a kill, and a
                    // single lost probe does not vote.
                    o.NumMissedProbesLimit = 2;
                });
            }

            // Operators override any of these under Orleans:Membership.
            silo.Configure<ClusterMembershipOptions>(cluster.GetSection("Membership"));
            // A call that failed because the database did not answer carries the driver's exception back to the
            // caller (a gateway maps it to 503); Orleans serializes exceptions of allowed namespaces only.
            silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

            // Orleans refuses reminder periods under one minute by default. The grains' "pending-work" reminder
            // (Effects:BackstopPeriod, 15 s) is what resumes a dead silo's pending effects and due wake-ups on
            // another silo, so its period bounds that recovery (membership's few seconds + one period < 30 s).
            // 10 s still refuses a period short enough to tick a busy silo's reminder table into the ground.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(10));
            var siloPort = cluster.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
            var gatewayPort = cluster.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
            var serializer = new GrainStateSerializer();
            if (postgres is not null)
            {
                silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, postgres));
                silo.AddAdoNetGrainStorage(AdoNetStorage, o => (o.Invariant, o.ConnectionString, o.GrainStorageSerializer) = (Invariant, postgres, serializer));
                silo.Services.AddKeyedSingleton<IGrainStorage>(
                    GrainStorage.Name,
                    (sp, _) => new KeyPrefixedGrainStorage(new PostgresBatchedGrainStorage(
                        sp.GetRequiredKeyedService<IGrainStorage>(AdoNetStorage),
                        sp.GetRequiredService<PostgresWriteBatcher>(),
                        serializer,
                        sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId)));
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
