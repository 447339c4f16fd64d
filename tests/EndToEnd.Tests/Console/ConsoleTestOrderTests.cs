using System.Net;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>A console whose supplier is a live one (<c>Console:SupplierIsTest=false</c>).</summary>
public sealed class LiveSupplierConsoleShop : ConsoleShop
{
    protected override bool SupplierIsTest => false;
}

/// <summary>
/// Test orders never reach a live supplier unless the operator says so: refused without the tick, placed and fulfilled
/// by the supplier (the simulator here) with it.
/// </summary>
public sealed class ConsoleTestOrderTests(LiveSupplierConsoleShop store) : IClassFixture<LiveSupplierConsoleShop>
{
    [Fact]
    public async Task TestOrder_SupplierProductOfALiveSupplier_RefusedWithoutTheTick_BoughtOnceWithIt()
    {
        var email = $"tester-{Guid.NewGuid():N}@example.test";
        using var http = ConsoleHttp.Client(store);
        await ConsoleHttp.LogInAsync(http);
        var token = ConsoleHttp.Token(await http.GetStringAsync("/console/test-order"));

        using (var refused = await http.PostAsync("/console/test-order", new FormUrlEncodedContent([new("__af", token), new("sku", store.Shop.Sku), new("email", email)])))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("live supplier", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await store.Cluster.DrainAsync();
        var operations = store.Grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default);
        Assert.Empty((await operations.ReadOrdersAsync(new OrderQuery(Email: email))).Items);

        using var placed = await http.PostAsync(
            "/console/test-order", new FormUrlEncodedContent([new("__af", token), new("sku", store.Shop.Sku), new("email", email), new("liveSupplier", "on")]));

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var orderId = Uri.UnescapeDataString(placed.Headers.Location!.OriginalString.Split('?')[0]["/console/orders/".Length..]);
        await store.Cluster.DrainAsync();
        var order = await store.Grains.GetGrain<IOrderGrain>(orderId).GetAsync();
        Assert.Equal(("delivered", true), (order!.Status, order.Test));
        Assert.Single(store.Shop.Supplier.OrdersFor(orderId));
        Assert.Single(await store.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(30)));
        var listed = Assert.Single((await operations.ReadOrdersAsync(new OrderQuery(Email: email, Test: true))).Items);
        Assert.Equal((orderId, "delivered"), (listed.OrderId, listed.Status));
    }
}
