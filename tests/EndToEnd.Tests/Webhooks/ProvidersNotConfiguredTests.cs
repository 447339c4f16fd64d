using System.Net;
using Orleans.Delivery.Testing;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>
/// Silos started without any <c>Payments</c> section (the single-node default): webhooks are still recorded, and
/// what needs a provider's API waits in the outbox, then dead-letters with an operator alert. Nothing is confirmed
/// or refunded by guesswork.
/// </summary>
public sealed class ProvidersNotConfiguredTests : IAsyncLifetime
{
    private Shop _shop = null!;

    public async Task InitializeAsync() => _shop = await Shop.StartAsync(providerClients: false);

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task PesaPalIpn_NoClient_LookupWaitsThenDeadLettersWithAlertOrderUnconfirmed()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        _shop.Payments.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId);

        using var response = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();
        var waiting = Assert.Single(await _shop.OutboxAsync(order.OrderId));
        await _shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EffectStatus.Pending, waiting.Status);
        Assert.Contains("not configured", waiting.LastError, StringComparison.Ordinal);
        Assert.Equal(EffectStatus.Dead, Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "payment-lookup").Status);
        Assert.Equal("pending_payment", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.Contains("effect-dead-lettered", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Empty(_shop.Payments.Requests);
    }

    [Fact]
    public async Task DuplicatePayment_NoStripeClient_RefundWaitsOrderStaysDelivered()
    {
        var order = await _shop.CreateOrderAsync();
        using var first = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        using var second = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));

        await _shop.Cluster.DrainAsync();

        var refund = Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "refund");
        Assert.Equal(EffectStatus.Pending, refund.Status);
        Assert.Contains("stripe is not configured", refund.LastError, StringComparison.Ordinal);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.Empty(_shop.Payments.Requests);
    }
}
