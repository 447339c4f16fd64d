using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Delivery.Silo.Tests.Providers;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>The grain storage contract on Orleans' ADO.NET grain storage over our PostgreSQL schema.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresSiloFixture silo) : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult(silo.Services.GetRequiredKeyedService<IGrainStorage>(PostgresSiloFixture.StorageName));
}
