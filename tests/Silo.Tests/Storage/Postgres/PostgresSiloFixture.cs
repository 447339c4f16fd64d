using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Storage.Postgres;
using Orleans.Storage;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// One Orleans silo on a fresh PostgreSQL database migrated by <see cref="SchemaMigrator"/>, with Orleans' own ADO.NET
/// providers (invariant <c>Npgsql</c>) for clustering, grain storage (<see cref="StorageName"/>, and <see cref="DeleteOnClearStorageName"/> that deletes on clear) and reminders, and the product's
/// batched writes over them (<see cref="BatchedStorageName"/>): the providers' contract suites and the membership tests run against what this silo resolved.
/// </summary>
public sealed class PostgresSiloFixture : IAsyncLifetime
{
    public const string StorageName = "contract";
    public const string DeleteOnClearStorageName = "contract-delete-on-clear";

    /// <summary>
    /// A storage on the connection string a product silo uses (<see cref="Orleans.Delivery.Silo.Hosting.SiloHosting.WithPreparedStatements"/>),
    /// where every statement is prepared from its first call on.
    /// </summary>
    public const string PreparedStorageName = "contract-prepared";

    /// <summary>
    /// The product's storage on that connection string: <see cref="PostgresBatchedGrainStorage"/> writing, the ADO.NET
    /// storage <see cref="PreparedStorageName"/> reading and clearing.
    /// </summary>
    public const string BatchedStorageName = "contract-batched";

    public const string Invariant = "Npgsql";

    private IHost? silo;
    private NpgsqlDataSource? preparedDataSource;
    private PostgresWriteBatcher? batcher;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>The batcher of <see cref="BatchedStorageName"/>'s writes, for the tests that count its batches.</summary>
    public PostgresWriteBatcher Batcher => batcher ?? throw new InvalidOperationException("The silo starts in InitializeAsync.");

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"service-{Guid.NewGuid():N}";

    public int GatewayPort { get; } = FreePort();

    public IServiceProvider Services => silo?.Services ?? throw new InvalidOperationException("The silo starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("orleans_silo");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        var prepared = Orleans.Delivery.Silo.Hosting.SiloHosting.WithPreparedStatements(
            new NpgsqlConnectionStringBuilder(ConnectionString) { AutoPrepareMinUsages = 1 }.ConnectionString);
        preparedDataSource = NpgsqlDataSource.Create(prepared);
        await new SchemaMigrator(DataSource, TimeProvider.System, NullLoggerFactory.Instance.CreateLogger<SchemaMigrator>()).MigrateAsync();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(orleans => orleans
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId))
            .ConfigureEndpoints(IPAddress.Loopback, FreePort(), GatewayPort)
            .UseAdoNetClustering(o => (o.Invariant, o.DataSource) = (Invariant, DataSource))
            .AddAdoNetGrainStorage(StorageName, o => (o.Invariant, o.DataSource) = (Invariant, DataSource))
            .AddAdoNetGrainStorage(DeleteOnClearStorageName, o => (o.Invariant, o.DataSource, o.DeleteStateOnClear) = (Invariant, DataSource, true))
            .AddAdoNetGrainStorage(PreparedStorageName, o => (o.Invariant, o.ConnectionString) = (Invariant, prepared))
            .UseAdoNetReminderService(o => (o.Invariant, o.DataSource) = (Invariant, DataSource)));
        batcher = new PostgresWriteBatcher(preparedDataSource);
        builder.Services.AddKeyedSingleton<IGrainStorage>(BatchedStorageName, (sp, _) => new PostgresBatchedGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(PreparedStorageName), batcher, sp.GetRequiredService<IGrainStorageSerializer>(), ServiceId));
        silo = builder.Build();
        await silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (silo is not null)
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        if (batcher is not null)
        {
            await batcher.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        if (preparedDataSource is not null)
        {
            await preparedDataSource.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The test classes that share one <see cref="PostgresSiloFixture"/> silo.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresSiloCollection : ICollectionFixture<PostgresSiloFixture>
{
    public const string Name = "Postgres silo";
}
