using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Delivery.Silo.Tests.Providers;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>
/// The grain storage contract on Orleans' ADO.NET grain storage with <c>DeleteStateOnClear</c>, which clears by
/// deleting the row (the schema's DeleteStorageKey) instead of keeping it without a payload.
/// </summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresDeleteOnClearGrainStorageTests(PostgresSiloFixture silo) : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.DeleteOnClearStorageName));
}
