using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Silo.Storage.Sqlite;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Storage;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Tests.Storage.Sqlite;

/// <summary>The contract suite against the SQLite grain storage as a silo registers and starts it with
/// <c>AddSqliteGrainStorage</c>, with the silo's own serializer.</summary>
public sealed class SqliteSiloGrainStorageTests(SqliteSiloFixture silo) : GrainStorageContract, IClassFixture<SqliteSiloFixture>
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(SqliteSiloFixture.StorageName));

    [Fact]
    public async Task Registered_Provider_IsTheSqliteStorageOnTheConfiguredFile()
    {
        Assert.IsType<SqliteGrainStorage>(Storage);

        await Storage.WriteStateAsync(NewStateName(), NewGrainId(), new GrainState<ContractState>(new ContractState { Text = "silo" }));

        Assert.True(File.Exists(silo.SiloDatabasePath));
    }
}
