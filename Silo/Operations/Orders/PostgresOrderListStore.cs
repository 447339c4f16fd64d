using Npgsql;
using NpgsqlTypes;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>The orders listing in PostgreSQL (migration <c>0006_operations_orders</c>), over the silo's one <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresOrderListStore(NpgsqlDataSource dataSource, PostgresWriteBatcher writes) : IOrderListStore
{
    /// <inheritdoc />
    public async Task<bool> UpsertAsync(OrderListItem row, long version, CancellationToken cancellationToken = default)
    {
        var written = await writes.WriteAsync(PostgresOperationsStore.Statement("orders-upsert"), $"operations_orders/{row.OrderId}", parameters =>
        {
            parameters.AddWithValue("order_id", row.OrderId);
            parameters.AddWithValue("status", row.Status);
            parameters.AddWithValue("customer_email", row.CustomerEmail);
            parameters.AddWithValue("created_at", row.CreatedAt.ToUniversalTime());
            parameters.Add(Time("paid_at", row.PaidAt));
            parameters.Add(Time("delivered_at", row.DeliveredAt));
            parameters.AddWithValue("skus", OrderListCursor.JoinSkus(row.Skus));
            parameters.AddWithValue("total_minor", row.TotalMinor);
            parameters.AddWithValue("currency", row.Currency);
            parameters.AddWithValue("test", row.Test);
            parameters.AddWithValue("version", version);
        }, cancellationToken);
        return written is not null;
    }

    /// <inheritdoc />
    public async Task<OrderListPage> ReadAsync(OrderQuery query, CancellationToken cancellationToken = default)
    {
        OrderListCursor.Check(query);
        var after = OrderListCursor.Parse(query.Before);
        await using var command = dataSource.CreateCommand(PostgresOperationsStore.Statement("orders-read"));
        command.Parameters.Add(Text("status", query.Status));
        command.Parameters.Add(Time("from", query.From));
        command.Parameters.Add(Time("to", query.To));
        command.Parameters.Add(Text("email", query.Email));
        command.Parameters.Add(Text("product", query.Product));
        command.Parameters.Add(new NpgsqlParameter("test", NpgsqlDbType.Boolean) { Value = (object?)query.Test ?? DBNull.Value });
        command.Parameters.Add(Time("before_at", after?.CreatedAt));
        command.Parameters.Add(Text("before_id", after?.OrderId));
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        var rows = new List<OrderListItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OrderListItem(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                OrderListCursor.SplitSkus(reader.GetString(6)),
                reader.GetInt64(7),
                reader.GetString(8),
                reader.GetBoolean(9)));
        }

        return OrderListCursor.Page(rows, query.Limit);
    }

    /// <inheritdoc />
    public async Task<(int Count, DateTimeOffset? OldestPaidAt)> PaidUndeliveredAsync(DateTimeOffset paidBefore, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PostgresOperationsStore.Statement("orders-undelivered"));
        command.Parameters.AddWithValue("paid_before", paidBefore.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MinuteThroughput>> ThroughputAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PostgresOperationsStore.Statement("orders-throughput"));
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("until", until.ToUniversalTime());
        var minutes = new List<MinuteThroughput>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new MinuteThroughput(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return minutes;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value };
}
