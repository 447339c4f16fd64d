using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Storage.Sqlite;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// The operations tables in the single node's SQLite file (it may be the file of the grain storage and reminders).
/// Same semantics as <see cref="PostgresOperationsStore"/>; statements are the embedded
/// <c>Storage/Sqlite/Sql/operations-*.sql</c> files, times are stored as UTC ticks.
/// </summary>
/// <remarks>
/// SQLite runs one writer at a time, so an append's insert and its fallback read never race another writer's commit:
/// once the insert finds the key taken, the row is there to read. Each statement runs on its own pooled connection.
/// </remarks>
public sealed class SqliteOperationsStore : IOperationsStore, IAsyncDisposable
{
    private readonly string connectionString;

    private SqliteOperationsStore(string connectionString) => this.connectionString = connectionString;

    /// <summary>Opens (creating when missing) the file at <paramref name="databasePath"/> and its operations tables.</summary>
    public static async Task<SqliteOperationsStore> OpenAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        var connectionString = SqliteDatabase.PrepareFile(databasePath);
        await SqliteDatabase.CreateSchemaAsync(connectionString, "operations-schema", cancellationToken);
        return new SqliteOperationsStore(connectionString);
    }

    /// <inheritdoc />
    public async Task<OperationsAppend> AppendAsync(string stream, string grainKey, string step, DateTimeOffset at, string entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using (var append = Command(connection, "operations-append", stream, grainKey, step))
        {
            append.Parameters.AddWithValue("@at", at.UtcTicks);
            append.Parameters.AddWithValue("@entry", entry);
            if (await append.ExecuteScalarAsync(cancellationToken) is long id)
            {
                return new OperationsAppend(id, Appended: true);
            }
        }

        await using var select = Command(connection, "operations-select-id", stream, grainKey, step);
        return new OperationsAppend((long)(await select.ExecuteScalarAsync(cancellationToken))!, Appended: false);
    }

    /// <inheritdoc />
    public async Task<OperationsPage> ReadAsync(string stream, long? before, int limit, string? grainKey = null, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement(grainKey is null ? "operations-read" : "operations-read-grain");
        command.Parameters.AddWithValue("@stream", stream);
        command.Parameters.AddWithValue("@before", before ?? OperationsPaging.Newest);
        command.Parameters.AddWithValue("@limit", limit + 1);
        if (grainKey is not null)
        {
            command.Parameters.AddWithValue("@grain_key", grainKey);
        }

        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3)));
        }

        return OperationsPaging.Page(rows, limit);
    }

    /// <inheritdoc />
    public async Task<bool> SetReviewAsync(string orderId, string? reason, DateTimeOffset at, long version, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("operations-review-set");
        command.Parameters.AddWithValue("@order_id", orderId);
        command.Parameters.AddWithValue("@reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("@at", at.UtcTicks);
        command.Parameters.AddWithValue("@version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReviewEntry>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("operations-review-read");
        command.Parameters.AddWithValue("@limit", limit);
        var rows = new List<ReviewEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReviewEntry(reader.GetString(0), reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetInt64(3)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperationsEntry>> ReadSinceAsync(string stream, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("operations-read-since");
        command.Parameters.AddWithValue("@stream", stream);
        command.Parameters.AddWithValue("@since", since.UtcTicks);
        command.Parameters.AddWithValue("@limit", limit);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<OperationsPage> SearchDeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(filter.Limit);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("operations-deliveries-search");
        command.Parameters.AddWithValue("@before", filter.Before ?? OperationsPaging.Newest);
        command.Parameters.AddWithValue("@order_id", (object?)filter.OrderId ?? DBNull.Value);
        command.Parameters.AddWithValue("@email", (object?)OperationsPaging.Email(filter) ?? DBNull.Value);
        command.Parameters.AddWithValue("@product", (object?)filter.Product ?? DBNull.Value);
        command.Parameters.AddWithValue("@from", (object?)filter.From?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@to", (object?)filter.To?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@limit", filter.Limit + 1);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3)));
        }

        return OperationsPaging.Page(rows, filter.Limit);
    }

    /// <inheritdoc />
    public async Task<int> CountSinceAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = Window(connection, "operations-count-since", stream, since);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> CountByOutcomeAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = Window(connection, "operations-count-by-outcome", stream, since);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<SupplierCallStats> SupplierCallStatsAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = Window(connection, "operations-supplier-call-stats", stream, since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SupplierCallStats(
            (int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MoneyTotal>> SupplierPurchasesAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = Window(connection, "operations-supplier-purchases", stream, since);
        var totals = new List<MoneyTotal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals.Add(new MoneyTotal(reader.GetString(0), reader.GetInt64(1)));
        }

        return totals;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperationsEntry>> LatestPerGrainAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = Window(connection, "operations-latest-per-grain", stream, since);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>Lets go of the pooled connections to the file.</summary>
    public ValueTask DisposeAsync()
    {
        SqliteDatabase.ReleasePool(connectionString);
        return ValueTask.CompletedTask;
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    private static SqliteCommand Window(SqliteConnection connection, string statement, string stream, DateTimeOffset since)
    {
        var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement(statement);
        command.Parameters.AddWithValue("@stream", stream);
        command.Parameters.AddWithValue("@since", since.UtcTicks);
        return command;
    }

    private static SqliteCommand Command(SqliteConnection connection, string statement, string stream, string grainKey, string step)
    {
        var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement(statement);
        command.Parameters.AddWithValue("@stream", stream);
        command.Parameters.AddWithValue("@grain_key", grainKey);
        command.Parameters.AddWithValue("@step", step);
        return command;
    }
}
