using System.Net;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// The reconciliation sweep against the providers' simulator: an order whose payment webhook never came is found paid
/// by the provider and confirmed once; an unpaid one is only looked up, and not again before its spacing.
/// </summary>
public sealed class ReconciliationTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const string StripeSearch = "/v1/payment_intents/search";

    private readonly Shop _shop = fixture.Shop;

    private IReconciliationGrain Sweep => _shop.Cluster.Client.GetGrain<IReconciliationGrain>(IReconciliationGrain.Default);

    [Fact]
    public async Task Sweep_StripePaidButWebhookLost_ConfirmedByReconciliationOnce()
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var order = await _shop.CreateOrderAsync(email: email);
        var intent = Shop.NewId("pi");
        _shop.Payments.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd", order.OrderId);
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(16));

        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();

        // The webhook arrives after all, late: the payment is the one already recorded.
        using var late = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), intent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var payment = Assert.Single(after.Payments);
        Assert.Equal((intent, "accepted"), (payment.Reference, payment.Outcome));
        Assert.Single(after.History, h => h.Cause.Contains("confirmed by reconciliation", StringComparison.Ordinal));
        Assert.Equal(1, _shop.EmailsTo(email));
        Assert.Single(_shop.Payments.RequestsTo(StripeSearch), r => Uri.UnescapeDataString(r.QueryString).Contains(order.OrderId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_UnpaidOrder_LookedUpAndLeftPending()
    {
        var order = await _shop.CreateOrderAsync();
        _shop.Payments.SetStripePaymentIntent(Shop.NewId("pi"), Shop.EbookPrice, "usd", order.OrderId, status: "requires_payment_method");
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(16));

        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();
        // Asked again at once: the order spaces its lookups, so the providers are not asked twice.
        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Empty(after.Payments);
        Assert.Single(after.History, h => h.Cause.Contains("asking the payment providers", StringComparison.Ordinal));
        Assert.Single(_shop.Payments.RequestsTo(StripeSearch), r => Uri.UnescapeDataString(r.QueryString).Contains(order.OrderId, StringComparison.Ordinal));
        Assert.Equal(0, _shop.EmailsTo(after.Customer.Email));
    }

    [Fact]
    public async Task Sweep_OrderYoungerThanTheAge_NotAsked()
    {
        var order = await _shop.CreateOrderAsync();
        _shop.Payments.SetStripePaymentIntent(Shop.NewId("pi"), Shop.EbookPrice, "usd", order.OrderId);

        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();

        Assert.Equal("pending_payment", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.DoesNotContain(_shop.Payments.RequestsTo(StripeSearch), r => Uri.UnescapeDataString(r.QueryString).Contains(order.OrderId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_PesaPalNoticeSeenButPendingThenPaid_ConfirmedByReconciliation()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var tracking = Guid.NewGuid().ToString();
        _shop.Payments.SetPesaPalStatus(tracking, 0, 2500m, "KES", order.OrderId);
        using (var notice = await _shop.PostPesaPalIpnAsync(tracking, order.OrderId))
        {
            Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        }

        await _shop.Cluster.DrainAsync();
        // The buyer completes the payment; PesaPal's second notice is lost.
        _shop.Payments.SetPesaPalStatus(tracking, 1, 2500m, "KES", order.OrderId);
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(16));

        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(tracking, Assert.Single(after.Payments).Reference);
        Assert.Single(after.History, h => h.Cause.Contains("confirmed by reconciliation", StringComparison.Ordinal));
    }
}
