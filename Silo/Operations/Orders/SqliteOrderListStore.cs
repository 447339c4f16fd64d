using Microsoft.Data.Sqlite;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Storage.Sqlite;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>
/// The orders listing in the single node's SQLite file; same semantics as <see cref="PostgresOrderListStore"/>, times
/// stored as UTC ticks.
/// </summary>
public sealed class SqliteOrderListStore : IOrderListStore, IAsyncDisposable
{
    private readonly string connectionString;

    private SqliteOrderListStore(string connectionString) => this.connectionString = connectionString;

    /// <summary>Opens (creating when missing) the file at <paramref name="databasePath"/> and its listing table.</summary>
    public static async Task<SqliteOrderListStore> OpenAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        var connectionString = SqliteDatabase.PrepareFile(databasePath);
        await SqliteDatabase.CreateSchemaAsync(connectionString, "orders-schema", cancellationToken);
        return new SqliteOrderListStore(connectionString);
    }

    /// <inheritdoc />
    public async Task<bool> UpsertAsync(OrderListItem row, long version, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("orders-upsert");
        command.Parameters.AddWithValue("@order_id", row.OrderId);
        command.Parameters.AddWithValue("@status", row.Status);
        command.Parameters.AddWithValue("@customer_email", row.CustomerEmail);
        command.Parameters.AddWithValue("@created_at", row.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("@paid_at", (object?)row.PaidAt?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@delivered_at", (object?)row.DeliveredAt?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@skus", OrderListCursor.JoinSkus(row.Skus));
        command.Parameters.AddWithValue("@total_minor", row.TotalMinor);
        command.Parameters.AddWithValue("@currency", row.Currency);
        command.Parameters.AddWithValue("@test", row.Test ? 1 : 0);
        command.Parameters.AddWithValue("@version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<OrderListPage> ReadAsync(OrderQuery query, CancellationToken cancellationToken = default)
    {
        OrderListCursor.Check(query);
        var after = OrderListCursor.Parse(query.Before);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("orders-read");
        command.Parameters.AddWithValue("@status", (object?)query.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("@from", (object?)query.From?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@to", (object?)query.To?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@email", (object?)query.Email ?? DBNull.Value);
        command.Parameters.AddWithValue("@product", (object?)query.Product ?? DBNull.Value);
        command.Parameters.AddWithValue("@test", query.Test is { } test ? (test ? 1 : 0) : DBNull.Value);
        command.Parameters.AddWithValue("@before_at", (object?)after?.CreatedAt.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("@before_id", (object?)after?.OrderId ?? DBNull.Value);
        command.Parameters.AddWithValue("@limit", query.Limit + 1);
        var rows = new List<OrderListItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OrderListItem(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Utc(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : Utc(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : Utc(reader.GetInt64(5)),
                OrderListCursor.SplitSkus(reader.GetString(6)),
                reader.GetInt64(7),
                reader.GetString(8),
                reader.GetInt64(9) != 0));
        }

        return OrderListCursor.Page(rows, query.Limit);
    }

    /// <inheritdoc />
    public async Task<(int Count, DateTimeOffset? OldestPaidAt)> PaidUndeliveredAsync(DateTimeOffset paidBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("orders-undelivered");
        command.Parameters.AddWithValue("@paid_before", paidBefore.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : Utc(reader.GetInt64(1)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MinuteThroughput>> ThroughputAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteDatabase.Statement("orders-throughput");
        command.Parameters.AddWithValue("@from", from.UtcTicks);
        command.Parameters.AddWithValue("@until", until.UtcTicks);
        var minutes = new List<MinuteThroughput>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new MinuteThroughput(Utc(reader.GetInt64(0)), (int)reader.GetInt64(1), (int)reader.GetInt64(2)));
        }

        return minutes;
    }

    /// <summary>Lets go of the pooled connections to the file.</summary>
    public ValueTask DisposeAsync()
    {
        SqliteDatabase.ReleasePool(connectionString);
        return ValueTask.CompletedTask;
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
