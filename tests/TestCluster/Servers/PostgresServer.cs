using System.Text;
using Npgsql;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// The PostgreSQL server of this test process, shared by every test in it. Tests isolate themselves by
/// creating their own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// When <c>ORLEANS_DELIVERY_TEST_PG</c> holds a connection string (./test.sh sets it), that server is used; the
/// databases made on it are named <c>odt_*</c> and left behind, so point it at a throwaway server.
/// Otherwise a throwaway cluster is started from the local PostgreSQL install and removed at process exit.
/// There is no fallback and no skip: without PostgreSQL, <see cref="Instance"/> fails with a message that says
/// what to install.
/// </remarks>
public sealed class PostgresServer
{
    /// <summary>Environment variable with an admin connection string of an existing server to use.</summary>
    public const string ConnectionStringVariable = "ORLEANS_DELIVERY_TEST_PG";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NpgsqlDataSource _admin;

    private PostgresServer(string adminConnectionString, PostgresCluster? cluster)
    {
        AdminConnectionString = adminConnectionString;
        Cluster = cluster;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
    }

    /// <summary>The process-wide server, started (or connected to) on first use.</summary>
    public static Task<PostgresServer> Instance => Shared.Value;

    /// <summary>Connection string of a user that may create databases, to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this process started the server itself (no <c>ORLEANS_DELIVERY_TEST_PG</c>).</summary>
    public bool IsThrowaway => Cluster is not null;

    /// <summary>The data directory of a throwaway server (its <c>postmaster.pid</c> names the server process); null otherwise.</summary>
    public string? DataDirectory => Cluster is null ? null : Path.Combine(Cluster.Directory, "data");

    internal PostgresCluster? Cluster { get; }

    /// <summary>
    /// Creates a fresh, uniquely named database and returns its connection string (pooled, small pool, idle
    /// connections closed quickly so hundreds of test databases stay under the server's connection limit).
    /// </summary>
    /// <param name="prefix">Readable part of the name, e.g. the test class; letters, digits and underscores are kept.</param>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = DatabaseName(prefix);
        await using (var command = _admin.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
            MinPoolSize = 0,
            MaxPoolSize = 20,
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
            IncludeErrorDetail = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>
    /// A server of the caller's own, for a test that restarts it: always a throwaway cluster from the local install,
    /// even when <c>ORLEANS_DELIVERY_TEST_PG</c> names a server (that one is shared, not ours to restart).
    /// </summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartAsync(dedicated: true);

    /// <summary>Restarts a dedicated server (<see cref="StartDedicatedAsync"/>): every connection is cut.</summary>
    public Task RestartAsync() =>
        Cluster?.RestartAsync() ?? throw new InvalidOperationException("Only a throwaway server started by this process can be restarted.");

    private static Task<PostgresServer> StartAsync() => StartAsync(dedicated: false);

    private static async Task<PostgresServer> StartAsync(bool dedicated)
    {
        var external = dedicated ? null : Environment.GetEnvironmentVariable(ConnectionStringVariable);
        PostgresServer server;
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = "postgres";
            }

            server = new PostgresServer(builder.ConnectionString, cluster: null);
        }
        else
        {
            var cluster = await PostgresCluster.StartAsync();
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = cluster.Port,
                Username = "postgres",
                Database = "postgres",
                Pooling = true,
                MaxPoolSize = 10,
            };
            server = new PostgresServer(builder.ConnectionString, cluster);
        }

        try
        {
            await using var command = server._admin.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException ex)
        {
            var source = server.IsThrowaway ? "the throwaway test cluster" : $"the server named by {ConnectionStringVariable}";
            throw new InvalidOperationException($"Cannot connect to {source}: {ex.Message}", ex);
        }

        return server;
    }

    private static string DatabaseName(string? prefix)
    {
        var readable = new StringBuilder();
        foreach (var c in (prefix ?? "test").ToLowerInvariant())
        {
            if (readable.Length == 20)
            {
                break;
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            {
                readable.Append(c);
            }
        }

        // 63 bytes is PostgreSQL's identifier limit: "odt_" + 20 + "_" + 32 = 57.
        return $"odt_{readable}_{Guid.NewGuid():N}";
    }
}
