using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Silo.Tests.Operations;

/// <summary>
/// A fresh PostgreSQL database migrated by <see cref="SchemaMigrator"/>, with the write batcher the operations tables'
/// stores send their rows through, as a silo has it.
/// </summary>
internal sealed class OperationsDatabase : IAsyncDisposable
{
    private OperationsDatabase(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Writes = new PostgresWriteBatcher(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgresWriteBatcher Writes { get; }

    /// <param name="name">Readable part of the database's name.</param>
    public static async Task<OperationsDatabase> CreateAsync(string name)
    {
        var dataSource = NpgsqlDataSource.Create(await (await PostgresServer.Instance).CreateDatabaseAsync(name));
        try
        {
            await new SchemaMigrator(dataSource, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }

        return new OperationsDatabase(dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await Writes.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
