using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.Runtime.Storage;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Testing;

/// <summary>
/// N silos in one process on one store, with a clock the test controls. Silo loops are off: a test runs rounds with
/// <see cref="RunOnceAsync"/> / <see cref="DrainAsync"/>, so nothing happens behind its back and nothing sleeps.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestSilo> silos = [];
    private readonly List<IAsyncDisposable> gateways = [];
    private readonly GrainStore? sharedStore;

    private TestCluster(TestClusterOptions options, FakeTimeProvider time, GrainStore? sharedStore, string? connectionString)
    {
        Options = options;
        Time = time;
        this.sharedStore = sharedStore;
        ConnectionString = connectionString;
    }

    public TestClusterOptions Options { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The PostgreSQL database's connection string, or null on SQLite.</summary>
    public string? ConnectionString { get; }

    public IReadOnlyList<TestSilo> Silos => silos;

    /// <summary>A client that runs turns through the first live silo.</summary>
    public GrainClient Client => silos.First(s => !s.Stopped).Client;

    public GrainStore Store => silos.First(s => !s.Stopped).Store;

    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null)
    {
        options ??= new TestClusterOptions();
        var time = new FakeTimeProvider(options.Start);
        string? connectionString = null;
        GrainStore? shared = null;
        if (options.Store == TestStore.Postgres)
        {
            connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("cluster");
        }
        else
        {
            shared = SqliteGrainStore.OpenInMemory();
        }

        var cluster = new TestCluster(options, time, shared, connectionString);
        for (var i = 0; i < options.Silos; i++)
        {
            await cluster.StartSiloAsync();
        }

        return cluster;
    }

    /// <summary>Starts one more silo on the same store and clock.</summary>
    public async Task<TestSilo> StartSiloAsync()
    {
        var index = silos.Count;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(index));
        ConfigureServices(builder.Services, builder.Configuration);
        builder.Services.AddSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestSilo(index, host);
        silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Starts a gateway on a loopback port: the standalone Gateway host on PostgreSQL, the single-node host (its
    /// loops off) on SQLite, where a second process could not share the in-memory database.
    /// </summary>
    public async Task<Uri> StartGatewayAsync()
    {
        Uri address;
        if (Options.Store == TestStore.Postgres)
        {
            var gateway = new TestGateway<Gateway.Program>(this, gateways.Count);
            gateway.StartServer();
            gateways.Add(gateway);
            address = gateway.BaseAddress;
        }
        else
        {
            var gateway = new TestGateway<Silo.Program>(this, gateways.Count);
            gateway.StartServer();
            gateways.Add(gateway);
            address = gateway.BaseAddress;
        }

        await Task.CompletedTask;
        return address;
    }

    /// <summary>Applies the cluster's store, clock, logging and services to a host's container (silo or gateway).</summary>
    /// <param name="configuration">The host's configuration; null when the host registered its store already (gateways).</param>
    public void ConfigureServices(IServiceCollection services, IConfiguration? configuration)
    {
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        if (sharedStore is not null)
        {
            // Registered last, so it wins over whatever the host's own composition chose.
            services.AddSingleton(sharedStore);
            services.AddGrainClient();
        }
        else if (configuration is not null)
        {
            services.AddGrainStore(configuration);
        }

        if (Options.ProductServices && configuration is not null)
        {
            TestClusterProduct.Add(services, configuration);
        }

        Options.ConfigureServices?.Invoke(services);
    }

    /// <summary>The configuration every host of this cluster gets.</summary>
    public Dictionary<string, string?> Settings(int siloIndex = 0)
    {
        var settings = new Dictionary<string, string?>(Options.Configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:RunLoops"] = "false",
            ["Catalog:SeedFile"] = "",
            ["Silo:SiloId"] = $"silo-{siloIndex}",
        };
        settings.TryAdd("Links:Secret", "test-cluster-link-secret-0123456789abcdef");
        settings.TryAdd("Mail:PickupDirectory", Path.Combine(Path.GetTempPath(), "orleans-delivery-tests", "mail"));
        if (ConnectionString is not null)
        {
            settings["ConnectionStrings:Postgres"] = ConnectionString;
        }

        return settings;
    }

    /// <summary>One round on every live silo at once. Returns how many rows they ran together.</summary>
    public async Task<int> RunOnceAsync()
    {
        var counts = await Task.WhenAll(silos.Where(s => !s.Stopped).Select(s => s.Worker.RunOnceAsync()));
        return counts.Sum();
    }

    /// <summary>Runs rounds until a round finds nothing due at the current time.</summary>
    public async Task<int> DrainAsync(int maxRounds = 1000)
    {
        var total = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var ran = await RunOnceAsync();
            if (ran == 0)
            {
                return total;
            }

            total += ran;
        }

        throw new InvalidOperationException($"The cluster still had work after {maxRounds} rounds.");
    }

    /// <summary>Moves the clock forward and drains.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await DrainAsync();
    }

    /// <summary>Moves the clock through every due time up to <paramref name="by"/> from now, draining at each.</summary>
    public async Task AdvanceThroughAsync(TimeSpan by)
    {
        var end = Time.GetUtcNow() + by;
        await DrainAsync();
        for (var step = 0; step < 10_000 && await Store.NextDueAsync() is { } due && due <= end; step++)
        {
            if (due > Time.GetUtcNow())
            {
                Time.SetUtcNow(due);
            }

            await DrainAsync();
        }

        Time.SetUtcNow(end);
        await DrainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        if (sharedStore is not null)
        {
            await sharedStore.DisposeAsync();
        }
    }
}
