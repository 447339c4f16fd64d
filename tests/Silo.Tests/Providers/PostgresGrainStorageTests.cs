using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Orleans.Delivery.Silo.Tests.Providers;

/// <summary>The grain storage contract on Orleans' ADO.NET grain storage over our PostgreSQL schema.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresSiloFixture silo) : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.StorageName));
}
