using Orleans.Delivery.Silo.Operations.Orders;

namespace Orleans.Delivery.Silo.Tests.Operations.Orders;

/// <summary>The orders listing contract on SQLite, each test on a file of its own in a folder deleted afterwards.</summary>
public sealed class SqliteOrderListStoreTests : OrderListStoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"orleans-delivery-orderlist-{Guid.NewGuid():N}");
    private SqliteOrderListStore? store;

    protected override async Task<IOrderListStore> CreateStoreAsync() => store = await SqliteOrderListStore.OpenAsync(Path.Combine(folder, "orleans.db"));

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
}
