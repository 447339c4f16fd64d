using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Runtime.Tests.Contract;

public sealed class PostgresStoreTests : StoreContract
{
    protected override TestStore Store => TestStore.Postgres;
}
