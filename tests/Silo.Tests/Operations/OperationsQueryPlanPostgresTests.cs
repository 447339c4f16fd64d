using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>
/// Listings read an index in its order and stop at the limit: no sort of a whole stream, no scan of the table. That is
/// what keeps a page as cheap on a year of deliveries as on a day's.
/// </summary>
public sealed class OperationsQueryPlanPostgresTests
{
    [Theory]
    [InlineData("read", "operations_entries_by_stream")]
    [InlineData("read-grain", "operations_entries_by_grain")]
    [InlineData("review-read", "operations_review_queue")]
    public async Task Listing_ReadsItsIndexInOrderWithoutSorting(string statement, string index)
    {
        var text = await PlanAsync(statement, explain =>
        {
            explain.Parameters.AddWithValue("stream", "deliveries");
            explain.Parameters.AddWithValue("grain_key", "order-42");
            explain.Parameters.AddWithValue("before", 1000L);
            explain.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = 101 });
        });

        Assert.True(text.Contains($" using {index} on ", StringComparison.Ordinal), text);
        Assert.False(text.Contains("Sort", StringComparison.Ordinal), text);
        Assert.False(text.Contains("Seq Scan", StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData("supplier-call-stats", "operations_entries_by_time")]
    [InlineData("count-by-outcome", "operations_entries_by_time")]
    [InlineData("count-since", "operations_entries_by_time")]
    [InlineData("supplier-purchases", "operations_entries_by_time")]
    [InlineData("latest-per-grain", "operations_entries_by_time")]
    [InlineData("orders-throughput", "operations_orders_paid")]
    [InlineData("orders-throughput", "operations_orders_delivered")]
    public async Task Window_ReadsOnlyItsTimeRangeThroughAnIndex(string statement, string index)
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        var text = await PlanAsync(statement, explain =>
        {
            explain.Parameters.AddWithValue("stream", "supplier-calls");
            explain.Parameters.AddWithValue("since", at);
            explain.Parameters.AddWithValue("from", at);
            explain.Parameters.AddWithValue("until", at.AddDays(1));
        });

        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, $@"\b{index}\b"), text);
        Assert.False(text.Contains("Seq Scan", StringComparison.Ordinal), text);
    }

    /// <summary>
    /// The plan of store statement <paramref name="statement"/> on a migrated database, with sequential scans priced
    /// out so that anything no index serves shows as a Seq Scan or a Sort. Planning only: nothing runs.
    /// </summary>
    private static async Task<string> PlanAsync(string statement, Action<NpgsqlCommand> parameters)
    {
        await using var database = NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync("operations_plan"));
        await new SchemaMigrator(database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await using var connection = await database.OpenConnectionAsync();
        await using (var set = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + PostgresOperationsStore.Statement(statement), connection);
        parameters(explain);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join(Environment.NewLine, plan);
    }
}
