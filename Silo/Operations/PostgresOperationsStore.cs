using Npgsql;
using NpgsqlTypes;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// The operations tables in PostgreSQL (migration <c>0005_operations</c>), over the silo's one
/// <see cref="NpgsqlDataSource"/>. Statements are the embedded <c>Operations/Sql/*.sql</c> files.
/// </summary>
/// <remarks>
/// Ids come from an identity column: a transaction that commits later may hold a smaller id, so a row can appear below
/// a cursor a reader already passed. Appends go through the silo's <see cref="PostgresWriteBatcher"/>, whose batches
/// are each one round trip, which keeps that window to one round trip.
/// </remarks>
public sealed class PostgresOperationsStore(NpgsqlDataSource dataSource, PostgresWriteBatcher writes) : IOperationsStore
{

    /// <inheritdoc />
    public async Task<OperationsAppend> AppendAsync(string stream, string grainKey, string step, DateTimeOffset at, string entry, CancellationToken cancellationToken = default)
    {
        var appended = await writes.WriteAsync(Statement("append"), $"operations_entries/{stream}/{grainKey}/{step}", parameters =>
        {
            parameters.AddWithValue("stream", stream);
            parameters.AddWithValue("grain_key", grainKey);
            parameters.AddWithValue("step", step);
            parameters.AddWithValue("at", at.ToUniversalTime());
            parameters.Add(new NpgsqlParameter("entry", NpgsqlDbType.Jsonb) { Value = entry });
        }, cancellationToken);
        if (appended is { } id)
        {
            return new OperationsAppend(id, Appended: true);
        }

        // The key was taken; its row is committed (the insert waited for its writer), so this read sees it.
        await using var select = Command("select-id", stream, grainKey, step);
        return new OperationsAppend((long)(await select.ExecuteScalarAsync(cancellationToken))!, Appended: false);
    }

    /// <inheritdoc />
    public async Task<OperationsPage> ReadAsync(string stream, long? before, int limit, string? grainKey = null, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var command = dataSource.CreateCommand(Statement(grainKey is null ? "read" : "read-grain"));
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("before", before ?? OperationsPaging.Newest);
        command.Parameters.AddWithValue("limit", limit + 1);
        if (grainKey is not null)
        {
            command.Parameters.AddWithValue("grain_key", grainKey);
        }

        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return OperationsPaging.Page(rows, limit);
    }

    /// <inheritdoc />
    public async Task<bool> SetReviewAsync(string orderId, string? reason, DateTimeOffset at, long version, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Statement("review-set"));
        command.Parameters.AddWithValue("order_id", orderId);
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)reason ?? DBNull.Value });
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReviewEntry>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var command = dataSource.CreateCommand(Statement("review-read"));
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<ReviewEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReviewEntry(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperationsEntry>> ReadSinceAsync(string stream, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(limit);
        await using var command = dataSource.CreateCommand(Statement("read-since"));
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<OperationsPage> SearchDeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        OperationsPaging.CheckLimit(filter.Limit);
        await using var command = dataSource.CreateCommand(Statement("deliveries-search"));
        command.Parameters.AddWithValue("before", filter.Before ?? OperationsPaging.Newest);
        command.Parameters.Add(new NpgsqlParameter("order_id", NpgsqlDbType.Text) { Value = (object?)filter.OrderId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("email", NpgsqlDbType.Text) { Value = (object?)OperationsPaging.Email(filter) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("product", NpgsqlDbType.Text) { Value = (object?)filter.Product ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter.From?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)filter.To?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", filter.Limit + 1);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return OperationsPaging.Page(rows, filter.Limit);
    }

    /// <inheritdoc />
    public async Task<int> CountSinceAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = Window("count-since", stream, since);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> CountByOutcomeAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = Window("count-by-outcome", stream, since);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<SupplierCallStats> SupplierCallStatsAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = Window("supplier-call-stats", stream, since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SupplierCallStats(
            reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MoneyTotal>> SupplierPurchasesAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = Window("supplier-purchases", stream, since);
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
        await using var command = Window("latest-per-grain", stream, since);
        var rows = new List<OperationsEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperationsEntry(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return rows;
    }

    private NpgsqlCommand Window(string statement, string stream, DateTimeOffset since)
    {
        var command = dataSource.CreateCommand(Statement(statement));
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        return command;
    }

    private NpgsqlCommand Command(string statement, string stream, string grainKey, string step)
    {
        var command = dataSource.CreateCommand(Statement(statement));
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("grain_key", grainKey);
        command.Parameters.AddWithValue("step", step);
        return command;
    }

    /// <summary>The text of the embedded statement <c>Operations/Sql/<paramref name="name"/>.sql</c>.</summary>
    internal static string Statement(string name) => EmbeddedSql.Read($"operations/{name}.sql");
}
