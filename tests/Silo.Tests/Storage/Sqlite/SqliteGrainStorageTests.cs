using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Delivery.Silo.Storage.Sqlite;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Storage;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>The contract suite against a <see cref="SqliteGrainStorage"/> on a database file of each test's own, plus
/// what only a file-backed, batching writer can get wrong.</summary>
public sealed class SqliteGrainStorageTests(SqliteSiloFixture silo) : GrainStorageContract, IClassFixture<SqliteSiloFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly List<SqliteGrainStorage> opened = [];
    private string databasePath = "";

    protected override Task<IGrainStorage> CreateStorageAsync()
    {
        databasePath = silo.NewDatabasePath();
        return Task.FromResult<IGrainStorage>(Open(databasePath));
    }

    protected override async Task DisposeStorageAsync()
    {
        foreach (var storage in opened)
        {
            await storage.DisposeAsync();
        }

        var folder = Path.GetDirectoryName(databasePath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Write_FileInAFolderNotYetCreated_CreatesFolderAndFile()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(databasePath)));

        await Storage.WriteStateAsync(NewStateName(), NewGrainId(), new GrainState<ContractState>(new ContractState()));

        Assert.True(File.Exists(databasePath));
    }

    [Fact]
    public async Task Write_ThenReopenTheFile_StateAndETagSurvive()
    {
        var (name, grain) = (NewStateName(), NewGrainId());
        var state = new GrainState<ContractState>(new ContractState { Text = "durable", Number = 7 });
        await Storage.WriteStateAsync(name, grain, state);
        await ((SqliteGrainStorage)Storage).DisposeAsync();

        var reopened = Open(databasePath);
        var read = new GrainState<ContractState>();
        await reopened.ReadStateAsync(name, grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(state.State, read.State);
        read.State = read.State! with { Number = 8 };
        await reopened.WriteStateAsync(name, grain, read);
        Assert.Equal(8, (await ReadAsync(reopened, name, grain)).State!.Number);
        await Assert.ThrowsAsync<InconsistentStateException>(() => reopened.WriteStateAsync(name, grain, state));
    }

    [Fact]
    public async Task Write_AfterDispose_IsRefused()
    {
        var storage = (SqliteGrainStorage)Storage;
        await storage.WriteStateAsync(NewStateName(), NewGrainId(), new GrainState<ContractState>(new ContractState()));
        await storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            storage.WriteStateAsync(NewStateName(), NewGrainId(), new GrainState<ContractState>(new ContractState())));
    }

    [Fact]
    public async Task Batch_OneStaleWriteAmongOthers_OnlyTheStaleCallerFails()
    {
        var storage = (SqliteGrainStorage)Storage;
        var batches = new ConcurrentQueue<(int Writes, int Refused)>();
        storage.BatchCommitted += (writes, refused) => batches.Enqueue((writes, refused));
        var name = NewStateName();
        var contested = NewGrainId();
        var first = new GrainState<ContractState>(new ContractState { Text = "v1" });
        await storage.WriteStateAsync(name, contested, first);

        // While the test holds the writer's turn every write below queues; letting go commits them as one batch, in
        // the order they were made: the current write first, then the stale one for the same state.
        var turn = await storage.HoldWriterTurnAsync();
        var current = new GrainState<ContractState>(new ContractState { Text = "v2" }, first.ETag) { RecordExists = true };
        var stale = new GrainState<ContractState>(new ContractState { Text = "stale" }, first.ETag) { RecordExists = true };
        var others = Enumerable.Range(0, 8)
            .Select(i => (Grain: NewGrainId(), State: new GrainState<ContractState>(new ContractState { Number = i })))
            .ToArray();
        var currentWrite = storage.WriteStateAsync(name, contested, current);
        var staleWrite = storage.WriteStateAsync(name, contested, stale);
        var otherWrites = others.Select(o => storage.WriteStateAsync(name, o.Grain, o.State)).ToArray();
        turn.Dispose();

        await currentWrite.WaitAsync(Bound);
        await Task.WhenAll(otherWrites).WaitAsync(Bound);
        var refusal = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite.WaitAsync(Bound));

        Assert.Equal(current.ETag, refusal.StoredEtag);
        Assert.Equal(first.ETag, refusal.CurrentEtag);
        Assert.Equal("v2", (await ReadAsync(name, contested)).State!.Text);
        foreach (var (grain, state) in others)
        {
            var read = await ReadAsync(name, grain);
            Assert.Equal(state.State, read.State);
            Assert.Equal(state.ETag, read.ETag);
        }

        Assert.Contains((Writes: 10, Refused: 1), batches);
    }

    [Fact]
    public void Options_EmptyDatabasePath_FailValidation()
    {
        var result = new SqliteGrainStorageOptionsValidator().Validate("x", new SqliteGrainStorageOptions { DatabasePath = "" });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Options_BatchSizeZero_FailValidation()
    {
        var result = new SqliteGrainStorageOptionsValidator().Validate("x", new SqliteGrainStorageOptions { MaxBatchSize = 0 });

        Assert.True(result.Failed);
    }

    private static async Task<GrainState<ContractState>> ReadAsync(IGrainStorage storage, string stateName, GrainId grain)
    {
        var state = new GrainState<ContractState>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private SqliteGrainStorage Open(string path)
    {
        var storage = new SqliteGrainStorage(
            "sqlite-test",
            new SqliteGrainStorageOptions { DatabasePath = path, GrainStorageSerializer = silo.Serializer },
            silo.Activators,
            NullLogger<SqliteGrainStorage>.Instance);
        opened.Add(storage);
        return storage;
    }
}
