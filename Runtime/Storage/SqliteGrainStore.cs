using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Orleans.Delivery.Runtime.Storage;

/// <summary>
/// The grain store of the single-node default: one SQLite database (a file, or in memory for tests), one
/// connection, one writer at a time — the same guarantees as PostgreSQL within one process.
/// </summary>
public sealed class SqliteGrainStore : GrainStore
{
    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);

    private SqliteGrainStore(SqliteConnection connection)
        : base("Sqlite") => this.connection = connection;

    public override string Name => "sqlite";

    /// <summary>Opens (creating if needed) a database file, in WAL mode.</summary>
    public static SqliteGrainStore OpenFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return Open(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString, wal: true);
    }

    /// <summary>A private in-memory database that lives as long as the store.</summary>
    public static SqliteGrainStore OpenInMemory() =>
        Open(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ConnectionString, wal: false);

    private static SqliteGrainStore Open(string connectionString, bool wal)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = (wal ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " : "") + "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return new SqliteGrainStore(connection);
    }

    private protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return connection;
    }

    private protected override ValueTask ReleaseAsync(DbConnection released)
    {
        gate.Release();
        return ValueTask.CompletedTask;
    }

    private protected override bool IsTransient(Exception exception) => false;

    public override async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        gate.Dispose();
    }
}
