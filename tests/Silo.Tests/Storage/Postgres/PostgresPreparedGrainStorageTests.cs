using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// The grain storage contract on the connection string a product silo uses, where Npgsql prepares the statements it
/// runs: a prepared statement keeps the parameter types of its first call, so the contract's writes without a version
/// (NULL) and with one must both still work.
/// </summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresPreparedGrainStorageTests(PostgresSiloFixture silo) : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.PreparedStorageName));
}
