using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Operations.Orders;

/// <summary>The orders listing contract on PostgreSQL, each test on a fresh database migrated by <see cref="SchemaMigrator"/>.</summary>
public sealed class PostgresOrderListStoreTests : OrderListStoreContract
{
    private NpgsqlDataSource? dataSource;
    private PostgresWriteBatcher? writes;

    protected override async Task<IOrderListStore> CreateStoreAsync()
    {
        dataSource = NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync("orderlist"));
        await new SchemaMigrator(dataSource, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        writes = new PostgresWriteBatcher(dataSource);
        return new PostgresOrderListStore(dataSource, writes);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (writes is not null)
        {
            await writes.DisposeAsync();
        }

        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
