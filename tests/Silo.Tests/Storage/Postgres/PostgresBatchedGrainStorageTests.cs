using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Silo.Tests.Providers;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// The grain storage contract on the product's PostgreSQL storage: writes committed in batches by our statement,
/// reads and clears by Orleans' ADO.NET storage, so each side must accept the ETags of the other.
/// </summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresBatchedGrainStorageTests(PostgresSiloFixture silo) : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.BatchedStorageName));
}
