using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Orders;

/// <summary>
/// Refunds as effects: the order plans them, a silo calls the provider's simulator with the effect's idempotency key,
/// and the answer is recorded on the order.
/// </summary>
public sealed class RefundTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const string StripeRefunds = "/v1/refunds";

    private readonly Shop _shop = fixture.Shop;

    private PaymentProviderSimulator Providers => _shop.Payments;

    [Fact]
    public async Task OperatorRefund_StripeOrder_RefundedOnceWithTheSameKeyAcrossRetries()
    {
        var (order, eventId, intent) = await PaidWithStripeAsync();
        Providers.FailNext($"{StripeRefunds}", 1);
        var before = Providers.StripeRefundCount;

        using var response = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "customer asked" });
        await _shop.Cluster.DrainAsync();
        var afterFirstAttempt = await _shop.GetOrderAsync(order.OrderId);
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("refunding", afterFirstAttempt.Status);
        var calls = Providers.RequestsTo(StripeRefunds).Where(r => r.Body.Contains(intent, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal($"order/{order.OrderId}/refund-{eventId}", c.Headers["Idempotency-Key"]));
        Assert.Equal(before + 1, Providers.StripeRefundCount);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("refunded", after.Status);
        var settled = Assert.Single(after.History, h => h.Cause.StartsWith($"refund refund-{eventId} completed", StringComparison.Ordinal));
        Assert.Equal(("refunding", "refunded"), (settled.From, settled.To));
        Assert.Contains("re_sim_", settled.Cause, StringComparison.Ordinal);
        Assert.Contains(after.History, h => h.To == "refunding" && h.Cause.Contains("customer asked", StringComparison.Ordinal));
        await AssertDownloadsRevokedAsync(order);
    }

    [Fact]
    public async Task OperatorRefund_PayPalOrder_RefundedOnceWithRequestId()
    {
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("WH");
        var captureId = Shop.NewId("CAP");
        Providers.SetPayPalCapture(captureId, Shop.EbookPrice, "USD");
        using var paid = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(eventId, captureId, order.OrderId, "19.99", "USD"));
        await _shop.Cluster.DrainAsync();
        var before = Providers.PayPalRefundCount;

        using var response = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "duplicate purchase" });
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(Providers.RequestsTo($"/v2/payments/captures/{captureId}/refund"));
        Assert.Equal($"order/{order.OrderId}/refund-{eventId}", call.Headers["PayPal-Request-Id"]);
        Assert.Equal(before + 1, Providers.PayPalRefundCount);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("refunded", after.Status);
        Assert.Contains(after.History, h => h.Cause.StartsWith($"refund refund-{eventId} completed (SIMREFUND", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OperatorRefund_PesaPalOrder_OneRefundRequestAgainstTheConfirmationCode()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var trackingId = Guid.NewGuid().ToString();
        var confirmation = "CONF" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        Providers.SetPesaPalStatus(trackingId, 1, 2500m, "KES", order.OrderId, confirmation);
        using var notice = await _shop.PostPesaPalIpnAsync(trackingId, order.OrderId);
        await _shop.Cluster.DrainAsync();

        using var response = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "wrong course" });
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(Providers.RequestsTo("/api/Transactions/RefundRequest"), r => r.Body.Contains(confirmation, StringComparison.Ordinal));
        Assert.Contains($"order/{order.OrderId}/refund-", request.Body, StringComparison.Ordinal);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("refunded", after.Status);
        Assert.Contains(after.History, h => h.Cause.Contains($"completed ({confirmation})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondDifferentPayment_RecordedAndRefundedOnceOrderDeliveredOnce()
    {
        var (order, _, _) = await PaidWithStripeAsync();
        var secondEvent = Shop.NewId("evt");
        var secondIntent = Shop.NewId("pi");
        Providers.SetStripePaymentIntent(secondIntent, Shop.EbookPrice, "usd");
        var payload = StripeEventPayloads.PaymentIntentSucceeded(secondEvent, secondIntent, order.OrderId, Shop.EbookPrice, "usd");
        var before = Providers.StripeRefundCount;

        using var second = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();
        using var again = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var call = Assert.Single(Providers.RequestsTo(StripeRefunds), r => r.Body.Contains(secondIntent, StringComparison.Ordinal));
        Assert.Equal($"order/{order.OrderId}/refund-{secondEvent}", call.Headers["Idempotency-Key"]);
        Assert.Equal(before + 1, Providers.StripeRefundCount);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(["accepted", "duplicate"], after.Payments.Select(p => p.Outcome));
        Assert.Contains(after.History, h => h.Cause.StartsWith($"refund refund-{secondEvent} completed", StringComparison.Ordinal));
        Assert.Contains("duplicate-payment", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "delivery-email");
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task ShortPaymentThenFullPayment_DeliveredAndShortPaymentRefundedOnce()
    {
        var order = await _shop.CreateOrderAsync();
        var shortEvent = Shop.NewId("evt");
        var shortIntent = Shop.NewId("pi");
        var fullIntent = Shop.NewId("pi");
        Providers.SetStripePaymentIntent(shortIntent, 100, "usd");
        Providers.SetStripePaymentIntent(fullIntent, Shop.EbookPrice, "usd");
        var before = Providers.StripeRefundCount;

        using var shortPaid = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(shortEvent, shortIntent, order.OrderId, 100, "usd"));
        await _shop.Cluster.DrainAsync();
        var held = await _shop.GetOrderAsync(order.OrderId);
        var queueWhileHeld = await _shop.ReviewQueueAsync();
        using var fullPaid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), fullIntent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        // Both payments reported again by their Checkout Sessions: nothing more may be refunded or confirmed.
        using var shortAgain = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.CheckoutSessionCompleted(Shop.NewId("evt"), Shop.NewId("cs"), order.OrderId, null, 100, "usd", shortIntent));
        using var fullAgain = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.CheckoutSessionCompleted(Shop.NewId("evt"), Shop.NewId("cs"), order.OrderId, null, Shop.EbookPrice, "usd", fullIntent));
        await _shop.Cluster.DrainAsync();

        Assert.Equal("manual_review", held.Status);
        Assert.Contains(order.OrderId, queueWhileHeld);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var call = Assert.Single(Providers.RequestsTo(StripeRefunds), r => r.Body.Contains(shortIntent, StringComparison.Ordinal));
        Assert.Equal($"order/{order.OrderId}/refund-{shortEvent}", call.Headers["Idempotency-Key"]);
        Assert.Equal("100", System.Web.HttpUtility.ParseQueryString(call.Body)["amount"]);
        Assert.DoesNotContain(Providers.RequestsTo(StripeRefunds), r => r.Body.Contains(fullIntent, StringComparison.Ordinal));
        Assert.Equal(before + 1, Providers.StripeRefundCount);
        Assert.Equal(["mismatched", "accepted"], after.Payments.Select(p => p.Outcome));
        Assert.Contains(after.History, h => h.Cause.StartsWith($"held payment stripe {shortEvent} (100 USD) refunding", StringComparison.Ordinal));
        Assert.Contains(after.History, h => h.Cause.StartsWith($"refund refund-{shortEvent} completed", StringComparison.Ordinal));
        Assert.Equal(["held-payment-refund", "payment-mismatch"], (await _shop.AlertKindsAsync(order.OrderId)).Order());
        Assert.DoesNotContain(order.OrderId, await _shop.ReviewQueueAsync());
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
        Assert.Equal("duplicate", (await shortAgain.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal("duplicate", (await fullAgain.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
    }

    [Fact]
    public async Task ShortPaymentNeverCompleted_StaysInReviewUntilTheOperatorRefundsIt()
    {
        var order = await _shop.CreateOrderAsync();
        var shortEvent = Shop.NewId("evt");
        var shortIntent = Shop.NewId("pi");
        Providers.SetStripePaymentIntent(shortIntent, 100, "usd");
        using var shortPaid = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(shortEvent, shortIntent, order.OrderId, 100, "usd"));
        using var failed = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentFailed(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));

        await _shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(1));
        var held = await _shop.GetOrderAsync(order.OrderId);
        var queueWhileHeld = await _shop.ReviewQueueAsync();
        var refundsWhileHeld = Providers.RequestsTo(StripeRefunds).Count(r => r.Body.Contains(shortIntent, StringComparison.Ordinal));
        using var refund = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "paid too little" });
        await _shop.Cluster.DrainAsync();

        Assert.Equal("manual_review", held.Status);
        Assert.Equal($"payment mismatch: expected {Shop.EbookPrice} USD, received 100 USD", held.ReviewReason);
        Assert.Contains(order.OrderId, queueWhileHeld);
        Assert.Equal(0, refundsWhileHeld);
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Single(Providers.RequestsTo(StripeRefunds), r => r.Body.Contains(shortIntent, StringComparison.Ordinal));
        Assert.Equal("refunded", (await _shop.GetOrderAsync(order.OrderId)).Status);
        Assert.DoesNotContain(order.OrderId, await _shop.ReviewQueueAsync());
    }

    [Fact]
    public async Task RefundRefusedByProvider_FailureRecordedOrderInReviewAlertRaised()
    {
        // A PaymentIntent the provider does not know: Stripe answers 404 resource_missing.
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("evt");
        using var paid = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(eventId, Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();

        using var response = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "chargeback threat" });
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("manual_review", after.Status);
        Assert.StartsWith("refund failed", after.ReviewReason, StringComparison.Ordinal);
        Assert.Contains(after.History, h => h.Cause.StartsWith($"refund refund-{eventId} failed", StringComparison.Ordinal));
        Assert.Contains("refund-failed", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Contains(order.OrderId, await _shop.ReviewQueueAsync());
        Assert.All(await _shop.OutboxAsync(order.OrderId), e => Assert.NotEqual(EffectStatus.Dead, e.Status));
    }

    [Fact]
    public async Task OperatorRefund_PendingOrder_409AndNoProviderCall()
    {
        var order = await _shop.CreateOrderAsync();
        var seen = Providers.Requests.Count;

        using var response = await _shop.SendAsync(HttpMethod.Post, $"/admin/orders/{order.OrderId}/refund", Shop.AdminKey, new { reason = "changed mind" });
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("action_refused", await Shop.ProblemCodeAsync(response));
        Assert.Equal(seen, Providers.Requests.Count);
        Assert.Equal("pending_payment", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    private async Task<(OrderView Order, string EventId, string Intent)> PaidWithStripeAsync()
    {
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("evt");
        var intent = Shop.NewId("pi");
        Providers.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd");
        using var paid = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(eventId, intent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
        return (order, eventId, intent);
    }

    private async Task AssertDownloadsRevokedAsync(OrderView order)
    {
        using var customer = await _shop.SendAsync(HttpMethod.Get, $"/admin/customers/{Uri.EscapeDataString(order.CustomerId)}", Shop.AdminKey);
        var entitlements = JsonNode.Parse(await customer.Content.ReadAsStringAsync())!["entitlements"]!.AsArray();
        Assert.NotEmpty(entitlements);
        Assert.All(entitlements, e => Assert.True((bool)e!["revoked"]!));
    }
}
