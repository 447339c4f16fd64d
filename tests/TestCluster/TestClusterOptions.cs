using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Delivery.Testing;

public enum TestStore
{
    /// <summary>One in-memory SQLite database shared by every silo of the cluster.</summary>
    Sqlite,

    /// <summary>A fresh database on the test run's PostgreSQL server; each silo has its own connection pool.</summary>
    Postgres,
}

public sealed class TestClusterOptions
{
    public int Silos { get; set; } = 2;

    public TestStore Store { get; set; } = TestStore.Sqlite;

    /// <summary>Register the product's grains and effect handlers, as the Silo host does.</summary>
    public bool ProductServices { get; set; } = true;

    /// <summary>Extra services for every silo and gateway (test grains, handlers, fakes of time).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Configuration values for every silo and gateway.</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Another cluster whose store (database and service id) this one uses too: two clusters that each believe they
    /// own the same grains, as after a split, so that one of them holds stale activations.
    /// </summary>
    public TestCluster? ShareStoreOf { get; set; }

    /// <summary>
    /// Maps the cluster database's connection string to the one silos use (e.g. through a forwarder a test can cut);
    /// the test harness itself keeps the direct one.
    /// </summary>
    public Func<string, string>? SiloConnectionString { get; set; }

    /// <summary>
    /// The gateways' host environment. Default <c>Development</c> (scope validation, the developer exception page);
    /// benchmarks use <c>Production</c>, as a deployed gateway runs.
    /// </summary>
    public string GatewayEnvironment { get; set; } = "Development";

    /// <summary>The clock's start. Default 2030-01-01T00:00:00Z.</summary>
    public DateTimeOffset Start { get; set; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
