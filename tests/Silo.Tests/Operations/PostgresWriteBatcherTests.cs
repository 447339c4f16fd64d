using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>
/// Group commit of the operations tables' writes on PostgreSQL. The batches in flight are held on row locks that
/// other transactions take first, so which writes share a batch is decided by the test, not by timing.
/// </summary>
public sealed class PostgresWriteBatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private OperationsDatabase? database;
    private PostgresOperationsStore? store;

    private NpgsqlDataSource DataSource => Database.DataSource;

    private PostgresWriteBatcher Writes => Database.Writes;

    private OperationsDatabase Database => database ?? throw new InvalidOperationException("Created in InitializeAsync.");

    private PostgresOperationsStore Store => store ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        database = await OperationsDatabase.CreateAsync("batcher");
        store = new PostgresOperationsStore(database.DataSource, database.Writes);
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task WritesHandedInWhileEveryBatchIsInFlight_GoTogetherInTheNextBatch_EachOnce()
    {
        var (held, release) = await HoldEveryBatchAsync();
        var appends = Enumerable.Range(0, 100).Select(i => Store.AppendAsync("deliveries", $"order-{i}", "step", At, $$"""{"n": {{i}}}""")).ToList();

        await release();
        var answers = await Task.WhenAll(appends.Concat(held)).WaitAsync(Bound);

        // The two held batches, then one for the hundred writes that queued behind them.
        Assert.Equal(3, Writes.BatchesSent);
        Assert.All(answers, a => Assert.True(a.Appended));
        Assert.Equal(answers.Length, answers.Select(a => a.Id).Distinct().Count());
        var page = await Store.ReadAsync("deliveries", null, 200);
        Assert.Equal(100, page.Items.Count);
        Assert.Equal(Enumerable.Range(0, 100), page.Items.Select(e => (int)JsonNode.Parse(e.Entry)!["n"]!).Order());
    }

    [Fact]
    public async Task OneWriteOfABatchFails_TheOthersAreWritten_AndOnlyThatOneFails()
    {
        var (held, release) = await HoldEveryBatchAsync();
        var first = Store.AppendAsync("alerts", "order-a", "step", At, """{"ok": 1}""");
        var broken = Store.AppendAsync("alerts", "order-b", "step", At, "not json");
        var last = Store.AppendAsync("alerts", "order-c", "step", At, """{"ok": 3}""");

        await release();
        await Task.WhenAll(held).WaitAsync(Bound);

        Assert.True((await first.WaitAsync(Bound)).Appended);
        Assert.True((await last.WaitAsync(Bound)).Appended);
        var error = await Assert.ThrowsAsync<PostgresException>(() => broken.WaitAsync(Bound));
        Assert.Equal(PostgresErrorCodes.InvalidTextRepresentation, error.SqlState);
        Assert.Equal(["order-a", "order-c"], (await Store.ReadAsync("alerts", null, 10)).Items.Select(e => e.GrainKey).Order());
        // Held batches 2, the failed batch 1, then its three writes one by one.
        Assert.Equal(6, Writes.BatchesSent);
    }

    [Fact]
    public async Task AWriteOfAKeyAlreadyThere_AnswersNoRow_AndTheStoreReadsTheExistingId()
    {
        var written = await Store.AppendAsync("alerts", "order-1", "step", At, """{"by": "first"}""");
        var again = await Store.AppendAsync("alerts", "order-1", "step", At, """{"by": "second"}""");

        Assert.Equal(new OperationsAppend(written.Id, Appended: false), again);
        Assert.Equal("first", (string?)JsonNode.Parse(Assert.Single((await Store.ReadAsync("alerts", null, 10)).Items).Entry)!["by"]);
    }

    [Fact]
    public async Task AfterDispose_AWriteIsRefused()
    {
        await Writes.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.AppendAsync("alerts", "order-1", "step", At, "{}"));
    }

    /// <summary>
    /// Fills every batch slot with a batch of one append whose key another transaction holds uncommitted, and waits
    /// until PostgreSQL shows each blocked on that lock. The answer: those appends, and what rolls the holders back.
    /// </summary>
    private async Task<(List<Task<OperationsAppend>> Held, Func<Task> Release)> HoldEveryBatchAsync()
    {
        var holders = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)>();
        var held = new List<Task<OperationsAppend>>();
        for (var slot = 1; slot <= PostgresWriteBatcher.MaxBatchesInFlight; slot++)
        {
            var connection = await DataSource.OpenConnectionAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand(PostgresOperationsStore.Statement("append"), connection, transaction))
            {
                insert.Parameters.AddWithValue("stream", "held");
                insert.Parameters.AddWithValue("grain_key", $"held-{slot}");
                insert.Parameters.AddWithValue("step", "step");
                insert.Parameters.AddWithValue("at", At);
                insert.Parameters.Add(new NpgsqlParameter("entry", NpgsqlDbType.Jsonb) { Value = "{}" });
                await insert.ExecuteScalarAsync();
            }

            holders.Add((connection, transaction));
            held.Add(Store.AppendAsync("held", $"held-{slot}", "step", At, "{}"));
            await LockWaiters.WaitForAsync(DataSource, slot, Bound);
        }

        return (held, async () =>
        {
            foreach (var (connection, transaction) in holders)
            {
                await transaction.RollbackAsync();
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        });
    }
}
