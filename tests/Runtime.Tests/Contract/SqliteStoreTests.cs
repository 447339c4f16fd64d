using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Runtime.Tests.Contract;

public sealed class SqliteStoreTests : StoreContract
{
    protected override TestStore Store => TestStore.Sqlite;
}
