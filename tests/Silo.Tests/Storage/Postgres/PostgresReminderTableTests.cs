using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Silo.Tests.Providers;

namespace Orleans.Delivery.Silo.Tests.Storage.Postgres;

/// <summary>The reminder table contract on Orleans' ADO.NET reminder table over our PostgreSQL schema.</summary>
[Collection(PostgresSiloCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresSiloFixture silo) : ReminderTableContract
{
    protected override Task<IReminderTable> CreateTableAsync() =>
        Task.FromResult(silo.Services.GetRequiredService<IReminderTable>());
}
