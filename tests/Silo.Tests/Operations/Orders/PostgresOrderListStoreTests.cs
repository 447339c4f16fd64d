using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations.Orders;

namespace Orleans.Delivery.Silo.Tests.Operations.Orders;

/// <summary>The orders listing contract on PostgreSQL, each test on a fresh database migrated by <see cref="SchemaMigrator"/>.</summary>
public sealed class PostgresOrderListStoreTests : OrderListStoreContract
{
    private OperationsDatabase? database;

    protected override async Task<IOrderListStore> CreateStoreAsync()
    {
        database = await OperationsDatabase.CreateAsync("orderlist");
        return new PostgresOrderListStore(database.DataSource, database.Writes);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
