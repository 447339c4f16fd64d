using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// The single node as a process (SQLite under its working directory, nothing installed): an order paid while its
/// delivery email cannot go out survives a stop of the process, and the restarted node sends that email, once.
/// </summary>
[Collection(SiloProcessesCollection.Name)]
public sealed class SingleNodeRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SingleNode_OrderPaidThenProcessStoppedAndStartedAgain_OrderIsThereAndItsEmailGoesOutOnce()
    {
        await using var node = await ProcessCluster.StartSingleNodeAsync(output);
        await node.Smtp.RefuseAsync(451);
        var buyer = await node.CreateAndPayAsync(ProcessCluster.CompletedSku);
        await node.WaitUntilAsync(() => Task.FromResult(node.SupplierOrders(buyer.OrderId).Count == 1), ProcessCluster.Wait, "the supplier order");

        var first = node.Silos[0];
        await first.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(await node.Smtp.MessagesAsync());
        await node.Smtp.AcceptAsync();
        node.Silos[0] = await first.StartAgainAsync(TimeSpan.FromSeconds(120));
        await first.DisposeAsync();
        node.Log("node started again on the same data directory");

        var order = await node.OrderAsync(buyer.OrderId);
        Assert.NotNull(order);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, order.Value.GetProperty("paidAt").ValueKind);
        await node.AssertDeliveredOnceAsync([buyer]);
    }
}
