using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>The operations store contract on PostgreSQL, each test on a fresh database migrated by <see cref="SchemaMigrator"/>.</summary>
public sealed class PostgresOperationsStoreTests : OperationsStoreContract
{
    private NpgsqlDataSource? dataSource;

    protected override async Task<IOperationsStore> CreateStoreAsync()
    {
        dataSource = NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync("operations"));
        await new SchemaMigrator(dataSource, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        return new PostgresOperationsStore(dataSource);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
