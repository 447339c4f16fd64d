using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Hosting;
using Orleans.Delivery.Testing.Servers;
using Orleans.TestingHost;

namespace Orleans.Delivery.Testing;

/// <summary>
/// The product's silos in one process on Orleans' <see cref="InProcessTestCluster"/>, on one store (a SQLite file or a
/// fresh PostgreSQL database), with a clock the test controls. Grains and effect runners see the fake clock; Orleans'
/// own maintenance (membership, reminders' service) keeps real time. Every silo shares one <see cref="EffectActivity"/>,
/// so <see cref="DrainAsync"/> knows when the whole cluster has nothing under way.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    private readonly List<TestSilo> silos = [];
    private readonly List<IAsyncDisposable> gateways = [];
    private InProcessTestCluster orleans = null!;

    private TestCluster(TestClusterOptions options, FakeTimeProvider time, string? connectionString, string sqlitePath)
    {
        Options = options;
        Time = time;
        ConnectionString = connectionString;
        SqlitePath = sqlitePath;
    }

    public TestClusterOptions Options { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>What every silo's runner has under way and scheduled.</summary>
    public EffectActivity Activity { get; } = new();

    /// <summary>The PostgreSQL database's connection string, or null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>The service id its grain storage and reminders are kept under.</summary>
    public string ServiceId { get; private set; } = "";

    /// <summary>The SQLite file of a SQLite cluster.</summary>
    public string SqlitePath { get; }

    /// <summary>The silos started so far (stopped ones included, marked).</summary>
    public IReadOnlyList<TestSilo> Silos => silos;

    /// <summary>A client of the cluster, as a gateway holds one.</summary>
    public IGrainFactory Client => orleans.Client;

    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null)
    {
        options ??= new TestClusterOptions();
        var time = new FakeTimeProvider(options.Start);
        string? connectionString = null;
        if (options.ShareStoreOf is { } shared)
        {
            connectionString = shared.ConnectionString;
        }
        else if (options.Store == TestStore.Postgres)
        {
            connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("cluster");
            await Silo.Database.MigrateCommand.MigrateAsync(connectionString, CancellationToken.None);
        }

        var sqlitePath = options.ShareStoreOf?.SqlitePath ?? Path.Combine(Path.GetTempPath(), "orleans-delivery-tests", "clusters", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(sqlitePath)!);
        var cluster = new TestCluster(options, time, connectionString, sqlitePath);
        var builder = new InProcessTestClusterBuilder((short)options.Silos);
        builder.Options.ConfigureFileLogging = false;
        if (options.ShareStoreOf is { } owner)
        {
            builder.Options.ServiceId = owner.ServiceId;
        }

        builder.ConfigureSiloHost((silo, host) => cluster.ConfigureSilo(host));
        builder.ConfigureClient(client => client.AddActivityPropagation());
        builder.ConfigureClientHost(host => host.Services
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql")));
        cluster.orleans = builder.Build();
        cluster.ServiceId = builder.Options.ServiceId;
        await cluster.orleans.DeployAsync();
        foreach (var handle in cluster.orleans.Silos)
        {
            cluster.silos.Add(new TestSilo(cluster, handle));
        }

        return cluster;
    }

    /// <summary>Starts one more silo on the same store and clock.</summary>
    public async Task<TestSilo> StartSiloAsync()
    {
        var silo = new TestSilo(this, await orleans.StartAdditionalSiloAsync());
        silos.Add(silo);
        return silo;
    }

    internal Task StopSiloAsync(TestSilo silo, bool kill) =>
        kill ? orleans.KillSiloAsync(silo.Handle) : orleans.StopSiloAsync(silo.Handle);

    /// <summary>The live silo where <paramref name="grain"/> is activated, if it is.</summary>
    public TestSilo? SiloOf(Orleans.Runtime.GrainId grain) =>
        orleans.TryGetGrainContext(grain, out var context)
            ? silos.FirstOrDefault(s => !s.Stopped && s.Handle.SiloAddress.Equals(context.Address.SiloAddress))
            : null;

    /// <summary>Starts a gateway on a loopback port: the gateway's endpoints over this cluster's client.</summary>
    public async Task<Uri> StartGatewayAsync()
    {
        var gateway = await TestGateway.StartAsync(this, gateways.Count);
        gateways.Add(gateway);
        return gateway.BaseAddress;
    }

    /// <summary>Applies the cluster's configuration, clock, logging and services to a silo's host.</summary>
    private void ConfigureSilo(IHostApplicationBuilder host)
    {
        host.Configuration.AddInMemoryCollection(Settings(silos.Count));
        host.AddDeliverySilo(membership: false);
        // A dead silo is noticed within seconds, and a grain's backstop reminder may tick every few seconds.
        host.Services.Configure<Orleans.Configuration.ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2));
        host.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        ConfigureServices(host.Services, host.Configuration);
        if (Options.ProductServices)
        {
            TestClusterProduct.Add(host.Services, host.Configuration);
        }
    }

    /// <summary>Applies the cluster's clock, logging and extra services to a host's container (silo or gateway).</summary>
    public void ConfigureServices(IServiceCollection services, IConfiguration? configuration)
    {
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        // Orleans' maintenance (membership, the reminder service, idle collection) keeps real time; grains and the
        // effect runners see the test's clock.
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        services.AddSingleton(Activity);
        Options.ConfigureServices?.Invoke(services);
    }

    /// <summary>The configuration every host of this cluster gets.</summary>
    public Dictionary<string, string?> Settings(int index = 0)
    {
        var settings = new Dictionary<string, string?>(Options.Configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Catalog:SeedFile"] = "",
            ["Store:SqlitePath"] = SqlitePath,
        };
        settings.TryAdd("Effects:BackstopPeriod", "00:00:05");
        // The merchants of tests are servers on loopback; the outbound-safety tests turn this off.
        settings.TryAdd("MerchantWebhooks:AllowPrivateTargets", "true");
        settings.TryAdd("Links:Secret", "test-cluster-link-secret-0123456789abcdef");
        settings.TryAdd("Mail:PickupDirectory", Path.Combine(Path.GetTempPath(), "orleans-delivery-tests", "mail"));
        if (ConnectionString is not null)
        {
            settings["ConnectionStrings:Postgres"] = Options.SiloConnectionString?.Invoke(ConnectionString) ?? ConnectionString;
        }

        return settings;
    }

    /// <summary>
    /// Waits until nothing is under way anywhere in the cluster: every effect handed out has been performed and
    /// recorded, and every wake-up due at the current time has run. Returns the number of wake-ups still scheduled
    /// (for later times).
    /// </summary>
    public async Task<int> DrainAsync()
    {
        try
        {
            await Activity.WhenIdleAsync().WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The cluster still had {Activity.Active} piece(s) of work under way after {DrainTimeout.TotalSeconds} s.");
        }

        return Activity.ScheduledCount;
    }

    /// <summary>Moves the clock forward and drains.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        await DrainAsync();
        Time.Advance(by);
        return await DrainAsync();
    }

    /// <summary>Moves the clock through every due time up to <paramref name="by"/> from now, draining at each.</summary>
    public async Task AdvanceThroughAsync(TimeSpan by)
    {
        var end = Time.GetUtcNow() + by;
        await DrainAsync();
        for (var step = 0; step < 10_000 && Activity.NextDue is { } due && due <= end; step++)
        {
            if (due > Time.GetUtcNow())
            {
                Time.SetUtcNow(due);
            }

            await DrainAsync();
        }

        if (end > Time.GetUtcNow())
        {
            Time.SetUtcNow(end);
        }

        await DrainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        // The silos are killed, all at once, rather than stopped one after another: a test is over, and nothing
        // they hold needs handing over.
        await orleans.StopClusterClientAsync();
        await Task.WhenAll(silos.Where(s => !s.Stopped).Select(s => s.KillAsync()));
        await orleans.DisposeAsync();
        if (Options.ShareStoreOf is not null)
        {
            return;
        }

        foreach (var file in (string[])[SqlitePath, SqlitePath + "-wal", SqlitePath + "-shm"])
        {
            File.Delete(file);
        }
    }
}
