namespace Orleans.Delivery.EndToEnd.Tests.Orders;

/// <summary>One <see cref="Shop"/> (SQLite, three silos, one gateway) per test class; tests own their orders.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public Shop Shop { get; private set; } = null!;

    public async Task InitializeAsync() => Shop = await Shop.StartAsync();

    public async Task DisposeAsync() => await Shop.DisposeAsync();
}
