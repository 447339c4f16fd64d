using Orleans.Storage;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Providers;

/// <summary>
/// What every grain storage provider we run on must do, whatever its database: ETags fence stale writers, a clear
/// is a write, and state names keep grains apart. A provider's suite inherits this class and supplies the provider;
/// every test owns its grain ids, so one provider instance may serve a whole class.
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private IGrainStorage? storage;

    /// <summary>The provider under test, as <see cref="CreateStorageAsync"/> returned it for this test.</summary>
    protected IGrainStorage Storage => storage ?? throw new InvalidOperationException("The storage is created in InitializeAsync.");

    /// <summary>Supplies the provider under test (built here or resolved from a started silo's services).</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    /// <summary>Releases what <see cref="CreateStorageAsync"/> made for this test.</summary>
    protected virtual Task DisposeStorageAsync() => Task.CompletedTask;

    /// <summary>A grain id no other test uses.</summary>
    protected static GrainId NewGrainId() => GrainId.Create("contract", $"grain-{Guid.NewGuid():N}");

    /// <summary>A state name no other test uses.</summary>
    protected static string NewStateName() => $"state-{Guid.NewGuid():N}";

    public async Task InitializeAsync() => storage = await CreateStorageAsync();

    public Task DisposeAsync() => DisposeStorageAsync();

    [Fact]
    public async Task Read_MissingState_RecordDoesNotExistAndHasNoETag()
    {
        var state = new GrainState<ContractState>();

        await Storage.ReadStateAsync(NewStateName(), NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsTheStateAndTheWrittenETag()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var written = new GrainState<ContractState>(new ContractState { Text = "paid", Number = 42 });

        await Storage.WriteStateAsync(name, grain, written);
        var read = await ReadAsync(name, grain);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(new ContractState { Text = "paid", Number = 42 }, read.State);
    }

    [Fact]
    public async Task Write_Twice_ChangesTheETagAndKeepsTheLastState()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "first" });
        await Storage.WriteStateAsync(name, grain, state);
        var firstETag = state.ETag;

        state.State = new ContractState { Text = "second" };
        await Storage.WriteStateAsync(name, grain, state);
        var read = await ReadAsync(name, grain);

        Assert.NotEqual(firstETag, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("second", read.State!.Text);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsInconsistentStateAndKeepsTheStoredState()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var first = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await Storage.WriteStateAsync(name, grain, first);
        var stale = new GrainState<ContractState>(new ContractState { Text = "stale" }, first.ETag) { RecordExists = true };
        first.State = new ContractState { Text = "v2" };
        await Storage.WriteStateAsync(name, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(name, grain, stale));

        var read = await ReadAsync(name, grain);
        Assert.Equal("v2", read.State!.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_FirstWriteWithAMadeUpETag_IsRefused()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "invented" }, "17");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(name, grain, state));

        Assert.False((await ReadAsync(name, grain)).RecordExists);
    }

    [Fact]
    public async Task Write_NullETagOverAnExistingState_IsRefused()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var existing = new GrainState<ContractState>(new ContractState { Text = "kept" });
        await Storage.WriteStateAsync(name, grain, existing);
        var blind = new GrainState<ContractState>(new ContractState { Text = "blind" });

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(name, grain, blind));

        Assert.Equal("kept", (await ReadAsync(name, grain)).State!.Text);
    }

    [Fact]
    public async Task Clear_ThenRead_RecordDoesNotExist()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "gone" });
        await Storage.WriteStateAsync(name, grain, state);

        await Storage.ClearStateAsync(name, grain, state);
        var read = await ReadAsync(name, grain);

        Assert.False(state.RecordExists);
        Assert.NotEqual("gone", state.State?.Text);
        Assert.False(read.RecordExists);
        Assert.NotEqual("gone", read.State?.Text);
    }

    [Fact]
    public async Task Clear_ThenWriteWithTheClearedStatesETag_Succeeds()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "before" });
        await Storage.WriteStateAsync(name, grain, state);
        await Storage.ClearStateAsync(name, grain, state);

        state.State = new ContractState { Text = "after" };
        await Storage.WriteStateAsync(name, grain, state);
        var read = await ReadAsync(name, grain);

        Assert.True(read.RecordExists);
        Assert.Equal("after", read.State!.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_ThenReadThenWrite_Succeeds()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "before" });
        await Storage.WriteStateAsync(name, grain, state);
        await Storage.ClearStateAsync(name, grain, state);

        var fresh = await ReadAsync(name, grain);
        fresh.State = new ContractState { Text = "after" };
        await Storage.WriteStateAsync(name, grain, fresh);

        Assert.Equal("after", (await ReadAsync(name, grain)).State!.Text);
    }

    [Fact]
    public async Task Clear_NeverWrittenState_SucceedsAndLeavesNoRecord()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = await ReadAsync(name, grain);

        await Storage.ClearStateAsync(name, grain, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(name, grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_StaleETag_ThrowsInconsistentStateAndKeepsTheStoredState()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await Storage.WriteStateAsync(name, grain, state);
        var stale = new GrainState<ContractState>(state.State, state.ETag) { RecordExists = true };
        state.State = new ContractState { Text = "v2" };
        await Storage.WriteStateAsync(name, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(name, grain, stale));

        Assert.Equal("v2", (await ReadAsync(name, grain)).State!.Text);
    }

    [Fact]
    public async Task Write_ETagFromBeforeAClear_IsRefused()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await Storage.WriteStateAsync(name, grain, state);
        var stale = new GrainState<ContractState>(new ContractState { Text = "stale" }, state.ETag) { RecordExists = true };
        await Storage.ClearStateAsync(name, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(name, grain, stale));

        Assert.False((await ReadAsync(name, grain)).RecordExists);
    }

    [Fact]
    public async Task Write_TwoStateNamesWithTheSameGrainId_DoNotCollide()
    {
        var (orders, customers, grain) = (NewStateName(), NewStateName(), NewGrainId());

        await Storage.WriteStateAsync(orders, grain, new GrainState<ContractState>(new ContractState { Text = "order" }));
        await Storage.WriteStateAsync(customers, grain, new GrainState<ContractState>(new ContractState { Text = "customer" }));

        Assert.Equal("order", (await ReadAsync(orders, grain)).State!.Text);
        Assert.Equal("customer", (await ReadAsync(customers, grain)).State!.Text);
    }

    [Fact]
    public async Task Write_SameStateNameWithTwoGrainIds_DoNotCollide()
    {
        var (name, first, second) = (NewStateName(), NewGrainId(), NewGrainId());

        await Storage.WriteStateAsync(name, first, new GrainState<ContractState>(new ContractState { Text = "first" }));

        Assert.False((await ReadAsync(name, second)).RecordExists);
        Assert.Equal("first", (await ReadAsync(name, first)).State!.Text);
    }

    /// <summary>
    /// Grain keys that share everything but a key extension, which one of each pair lacks (a GUID or an integer with
    /// and without one): each write, read and clear must tell them apart.
    /// </summary>
    [Fact]
    public async Task WriteReadClear_KeysWithAndWithoutExtension_DoNotCollide()
    {
        var name = NewStateName();
        var guid = Guid.NewGuid();
        GrainId[] grains =
        [
            GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateGuidKey(guid, "x")),
            GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateIntegerKey(0)),
            GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateIntegerKey(0, "x")),
        ];
        var states = grains.Select((_, i) => new GrainState<ContractState>(new ContractState { Number = i })).ToArray();

        for (var i = 0; i < grains.Length; i++)
        {
            await Storage.WriteStateAsync(name, grains[i], states[i]);
        }

        for (var i = 0; i < grains.Length; i++)
        {
            states[i].State = new ContractState { Number = i, Text = "again" };
            await Storage.WriteStateAsync(name, grains[i], states[i]);
        }

        for (var i = 0; i < grains.Length; i++)
        {
            var read = await ReadAsync(name, grains[i]);
            Assert.Equal(new ContractState { Number = i, Text = "again" }, read.State);
            Assert.Equal(states[i].ETag, read.ETag);
        }

        await Storage.ClearStateAsync(name, grains[0], states[0]);

        Assert.False((await ReadAsync(name, grains[0])).RecordExists);
        for (var i = 1; i < grains.Length; i++)
        {
            Assert.Equal(i, (await ReadAsync(name, grains[i])).State!.Number);
        }
    }

    [Fact]
    public async Task Write_ConcurrentWritersWithTheSameETag_ExactlyOneWins()
    {
        const int Writers = 16;
        var (name, grain) = (NewStateName(), NewGrainId());
        var original = new GrainState<ContractState>(new ContractState { Text = "original" });
        await Storage.WriteStateAsync(name, grain, original);

        var attempts = Enumerable.Range(0, Writers)
            .Select(i => new GrainState<ContractState>(new ContractState { Text = $"writer-{i}", Number = i }, original.ETag) { RecordExists = true })
            .ToArray();
        // Each write starts on a thread of its own: a provider may complete a write on its caller's thread.
        var outcomes = await Task.WhenAll(attempts.Select(attempt => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteStateAsync(name, grain, attempt);
                return (Won: true, attempt);
            }
            catch (InconsistentStateException)
            {
                return (Won: false, attempt);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Won).attempt;
        var read = await ReadAsync(name, grain);
        Assert.Equal(winner.State, read.State);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_ConcurrentWritersOnDifferentGrains_AllSucceed()
    {
        var name = NewStateName();
        var grains = Enumerable.Range(0, 32).Select(_ => NewGrainId()).ToArray();

        await Task.WhenAll(grains.Select((grain, i) => Task.Run(() =>
            Storage.WriteStateAsync(name, grain, new GrainState<ContractState>(new ContractState { Number = i })))));

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(i, (await ReadAsync(name, grains[i])).State!.Number);
        }
    }

    /// <summary>Reads a state into a fresh holder, as a new activation would.</summary>
    protected async Task<GrainState<ContractState>> ReadAsync(string stateName, GrainId grain)
    {
        var state = new GrainState<ContractState>();
        await Storage.ReadStateAsync(stateName, grain, state);
        return state;
    }
}
