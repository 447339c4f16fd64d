using Microsoft.Data.Sqlite;

namespace Orleans.Delivery.Silo.Storage.Sqlite;

/// <summary>Opening the single node's SQLite file and the statements kept beside this class as embedded <c>.sql</c> files.</summary>
internal static class SqliteDatabase
{
    /// <summary>The connection string for <paramref name="path"/>, after creating its directory.</summary>
    public static string PrepareFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Seconds a statement waits while another connection (the reminder table, a second provider on the same
            // file) holds the write lock.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Opens a connection that commits durably: every commit is on disk before it returns.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Switches the file to write-ahead logging (readers never wait for the writer) and creates the tables of <paramref name="schemaStatement"/>.</summary>
    public static async Task CreateSchemaAsync(string connectionString, string schemaStatement, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, Statement(schemaStatement), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The text of the embedded statement <c>Sql/<paramref name="name"/>.sql</c>.</summary>
    public static string Statement(string name) => EmbeddedSql.Read($"sqlite/{name}.sql");

    /// <summary>Lets go of the pooled connections to the file, so it can be closed, moved or deleted.</summary>
    public static void ReleasePool(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
