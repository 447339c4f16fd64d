using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Storage.Sqlite;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>On SQLite too, listings walk an index in its order and stop at the limit: no temporary sort, no table scan.</summary>
public sealed class SqliteOperationsQueryPlanTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"orleans-delivery-operations-plan-{Guid.NewGuid():N}");
    private SqliteOperationsStore? store;

    private string DatabasePath => Path.Combine(folder, "orleans.db");

    public async Task InitializeAsync() => store = await SqliteOperationsStore.OpenAsync(DatabasePath);

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("operations-read", "operations_entries_by_stream")]
    [InlineData("operations-read-grain", "operations_entries_by_grain")]
    [InlineData("operations-review-read", "operations_review_queue")]
    public async Task Listing_ReadsItsIndexInOrderWithoutSorting(string statement, string index)
    {
        var plan = new List<string>();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteDatabase.Statement(statement);
            explain.Parameters.AddWithValue("@stream", "deliveries");
            explain.Parameters.AddWithValue("@grain_key", "order-42");
            explain.Parameters.AddWithValue("@before", 1000L);
            explain.Parameters.AddWithValue("@limit", 101);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join(Environment.NewLine, plan);
        Assert.True(Regex.IsMatch(text, $@"USING (COVERING )?INDEX {index}\b"), text);
        Assert.False(text.Contains("TEMP B-TREE", StringComparison.Ordinal), text);
    }
}
