using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>The operations store contract on SQLite, each test on a file of its own in a folder deleted afterwards.</summary>
public sealed class SqliteOperationsStoreTests : OperationsStoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"orleans-delivery-operations-{Guid.NewGuid():N}");
    private SqliteOperationsStore? store;

    private string DatabasePath => Path.Combine(folder, "orleans.db");

    protected override async Task<IOperationsStore> CreateStoreAsync() => store = await SqliteOperationsStore.OpenAsync(DatabasePath);

    protected override async Task DisposeStoreAsync()
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

    [Fact]
    public async Task Open_ExistingFile_KeepsItsRowsAndItsIdempotencyKeys()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        var first = await Store.AppendAsync("alerts", "order-1", "step", at, """{"n": 1}""");
        await store!.DisposeAsync();

        await using var reopened = await SqliteOperationsStore.OpenAsync(DatabasePath);

        Assert.Equal(new OperationsAppend(first.Id, Appended: false), await reopened.AppendAsync("alerts", "order-1", "step", at, """{"n": 2}"""));
        Assert.Equal([first.Id], (await reopened.ReadAsync("alerts", null, 10)).Items.Select(i => i.Id));
    }
}
