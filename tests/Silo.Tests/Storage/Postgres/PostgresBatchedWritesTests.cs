using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Tests.Operations;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// What batching must not change: each write in a batch is checked against its own ETag and fails or commits alone,
/// whatever else the batch holds. The batches in flight are held on row locks a test transaction takes first, so
/// which writes share a batch is decided by the test, not by timing.
/// </summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresBatchedWritesTests(PostgresSiloFixture silo)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private IGrainStorage Storage => silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.BatchedStorageName);

    [Fact]
    public async Task Write_ManyGrainsWhileEveryBatchIsInFlight_GoTogetherInTheNextBatch()
    {
        var name = NewStateName();
        var grains = Enumerable.Range(0, 20).Select(_ => NewGrainId()).ToArray();
        var states = grains.Select(g => new GrainState<ContractState>(new ContractState { Text = g.ToString() })).ToArray();
        var (held, release) = await HoldEveryBatchAsync(name);
        var sentBefore = silo.Batcher.BatchesSent;

        var writes = grains.Select((g, i) => Storage.WriteStateAsync(name, g, states[i])).ToArray();
        await release();
        await Task.WhenAll(writes.Concat(held)).WaitAsync(Bound);

        // The held batches were sent already; one more batch carried the twenty writes queued behind them.
        Assert.Equal(sentBefore + 1, silo.Batcher.BatchesSent);
        for (var i = 0; i < grains.Length; i++)
        {
            var read = await ReadAsync(name, grains[i]);
            Assert.Equal("1", states[i].ETag);
            Assert.Equal(states[i].ETag, read.ETag);
            Assert.Equal(grains[i].ToString(), read.State!.Text);
        }
    }

    [Fact]
    public async Task Write_StaleETagInABatch_FailsAloneAndTheOthersCommit()
    {
        var name = NewStateName();
        var (stale, other, fresh) = (NewGrainId(), NewGrainId(), NewGrainId());
        var current = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await Storage.WriteStateAsync(name, stale, current);
        var behind = new GrainState<ContractState>(new ContractState { Text = "stale" }, current.ETag) { RecordExists = true };
        current.State = new ContractState { Text = "v2" };
        await Storage.WriteStateAsync(name, stale, current);
        var otherState = new GrainState<ContractState>(new ContractState { Text = "other v1" });
        await Storage.WriteStateAsync(name, other, otherState);
        otherState.State = new ContractState { Text = "other v2" };
        var freshState = new GrainState<ContractState>(new ContractState { Text = "fresh" });

        var (held, release) = await HoldEveryBatchAsync(name);
        var staleWrite = Storage.WriteStateAsync(name, stale, behind);
        var otherWrite = Storage.WriteStateAsync(name, other, otherState);
        var freshWrite = Storage.WriteStateAsync(name, fresh, freshState);
        await release();
        await Task.WhenAll(held).WaitAsync(Bound);

        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite.WaitAsync(Bound));
        await Task.WhenAll(otherWrite, freshWrite).WaitAsync(Bound);
        Assert.Equal("v2", (await ReadAsync(name, stale)).State!.Text);
        Assert.Equal(current.ETag, (await ReadAsync(name, stale)).ETag);
        Assert.Equal("other v2", (await ReadAsync(name, other)).State!.Text);
        Assert.Equal("2", otherState.ETag);
        Assert.Equal("fresh", (await ReadAsync(name, fresh)).State!.Text);
    }

    [Fact]
    public async Task Write_TwoActivationsOfOneGrainInOneBatch_OnlyOneCommits()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var first = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await Storage.WriteStateAsync(name, grain, first);
        var left = new GrainState<ContractState>(new ContractState { Text = "left" }, first.ETag) { RecordExists = true };
        var right = new GrainState<ContractState>(new ContractState { Text = "right" }, first.ETag) { RecordExists = true };
        var newcomerA = new GrainState<ContractState>(new ContractState { Text = "a" });
        var newcomerB = new GrainState<ContractState>(new ContractState { Text = "b" });
        var newGrain = NewGrainId();

        var (held, release) = await HoldEveryBatchAsync(name);
        var sentBefore = silo.Batcher.BatchesSent;
        Task[] writes =
        [
            Storage.WriteStateAsync(name, grain, left),
            Storage.WriteStateAsync(name, grain, right),
            Storage.WriteStateAsync(name, newGrain, newcomerA),
            Storage.WriteStateAsync(name, newGrain, newcomerB),
        ];
        await release();
        await Task.WhenAll(held).WaitAsync(Bound);

        var outcomes = await Task.WhenAll(writes.Select(Outcome)).WaitAsync(Bound);
        Assert.Equal(sentBefore + 1, silo.Batcher.BatchesSent);

        Assert.Equal(1, outcomes[..2].Count(o => o is null));
        Assert.IsType<InconsistentStateException>(outcomes[..2].Single(o => o is not null));
        var winner = outcomes[0] is null ? left : right;
        var read = await ReadAsync(name, grain);
        Assert.Equal(winner.State!.Text, read.State!.Text);
        Assert.Equal(winner.ETag, read.ETag);

        Assert.Equal(1, outcomes[2..].Count(o => o is null));
        Assert.IsType<InconsistentStateException>(outcomes[2..].Single(o => o is not null));
        var newWinner = outcomes[2] is null ? newcomerA : newcomerB;
        var readNew = await ReadAsync(name, newGrain);
        Assert.Equal(newWinner.State!.Text, readNew.State!.Text);
        Assert.Equal("1", readNew.ETag);
    }

    [Fact]
    public async Task Write_RowTheDatabaseRefusesInABatch_FailsAloneAndTheOthersCommit()
    {
        var name = NewStateName();

        // A key too long for the unique index, even compressed: PostgreSQL refuses the row, and with it the statement.
        var refused = GrainId.Create("contract", string.Concat(Enumerable.Range(0, 300).Select(_ => Guid.NewGuid().ToString("N"))));
        var (a, b) = (NewGrainId(), NewGrainId());
        var (stateA, stateB) = (new GrainState<ContractState>(new ContractState { Text = "a" }), new GrainState<ContractState>(new ContractState { Text = "b" }));

        var (held, release) = await HoldEveryBatchAsync(name);
        var writeA = Storage.WriteStateAsync(name, a, stateA);
        var refusedWrite = Storage.WriteStateAsync(name, refused, new GrainState<ContractState>(new ContractState { Text = "too long" }));
        var writeB = Storage.WriteStateAsync(name, b, stateB);
        await release();
        await Task.WhenAll(held).WaitAsync(Bound);

        var error = await Assert.ThrowsAsync<PostgresException>(() => refusedWrite.WaitAsync(Bound));
        Assert.Equal(PostgresErrorCodes.ProgramLimitExceeded, error.SqlState);
        await Task.WhenAll(writeA, writeB).WaitAsync(Bound);
        Assert.Equal("a", (await ReadAsync(name, a)).State!.Text);
        Assert.Equal("b", (await ReadAsync(name, b)).State!.Text);
        Assert.False((await ReadAsync(name, refused)).RecordExists);
    }

    [Fact]
    public async Task Write_ManyGrainsEachWritingInTurn_EveryWriteCommitsInOrder()
    {
        // Callers and batches interleave freely here, each grain writing over the version its last write returned.
        const int Grains = 48;
        const int WritesPerGrain = 25;
        var name = NewStateName();
        var grains = Enumerable.Range(0, Grains).Select(_ => NewGrainId()).ToArray();

        async Task WriteInTurn(GrainId grain)
        {
            var state = new GrainState<ContractState>();
            for (var i = 1; i <= WritesPerGrain; i++)
            {
                state.State = new ContractState { Text = grain.ToString(), Number = i };
                await Storage.WriteStateAsync(name, grain, state);
            }
        }

        await Task.WhenAll(grains.Select(g => Task.Run(() => WriteInTurn(g)))).WaitAsync(Bound);

        foreach (var grain in grains)
        {
            var read = await ReadAsync(name, grain);
            Assert.Equal(WritesPerGrain.ToString(System.Globalization.CultureInfo.InvariantCulture), read.ETag);
            Assert.Equal(new ContractState { Text = grain.ToString(), Number = WritesPerGrain }, read.State);
        }
    }

    /// <summary>
    /// Fills every batch slot of the batcher with a write of a grain whose row a transaction of the test holds, and
    /// returns those writes and the release of the rows; writes handed in meanwhile queue for the next batch.
    /// </summary>
    private async Task<(List<Task> Held, Func<Task> Release)> HoldEveryBatchAsync(string name)
    {
        var holders = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)>();
        var held = new List<Task>();
        for (var slot = 1; slot <= PostgresWriteBatcher.MaxBatchesInFlight; slot++)
        {
            var grain = NewGrainId();
            var state = new GrainState<ContractState>(new ContractState { Text = "held" });
            await Storage.WriteStateAsync(name, grain, state);
            var connection = await silo.DataSource.OpenConnectionAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand(
                "SELECT 1 FROM orleans_grain_state WHERE state_name = $1 AND grain_id_extension = $2 FOR UPDATE", connection, transaction))
            {
                lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key.ToString() });
                Assert.Equal(1, await lockRow.ExecuteScalarAsync());
            }

            holders.Add((connection, transaction));
            held.Add(Storage.WriteStateAsync(name, grain, state));
            await LockWaiters.WaitForAsync(silo.DataSource, slot, Bound);
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

    private static async Task<Exception?> Outcome(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private async Task<GrainState<ContractState>> ReadAsync(string name, GrainId grain)
    {
        var state = new GrainState<ContractState>();
        await Storage.ReadStateAsync(name, grain, state);
        return state;
    }

    private static GrainId NewGrainId() => GrainId.Create("contract", $"grain-{Guid.NewGuid():N}");

    private static string NewStateName() => $"state-{Guid.NewGuid():N}";
}
