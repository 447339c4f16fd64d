using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Api;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// The reconciliation sweep against the providers' simulator: an order whose payment webhook never came is found paid
/// by the provider and confirmed once; an unpaid one is only looked up, and not again before its spacing. PayPal orders
/// are asked about by the PayPal order ids the storefront (<c>POST /api/orders/{id}/payment-references</c>) or earlier
/// webhooks named.
/// </summary>
public sealed class ReconciliationTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const string StripeSearch = "/v1/payment_intents/search";

    private const string PayPalPrice = "19.99";

    private readonly Shop _shop = fixture.Shop;

    private IReconciliationGrain Sweep => _shop.Cluster.Client.GetGrain<IReconciliationGrain>(IReconciliationGrain.Default);

    /// <summary>Moves the clock on by <paramref name="wait"/>, runs a sweep and waits for what it started.</summary>
    private async Task SweepAfterAsync(TimeSpan wait)
    {
        await _shop.Cluster.AdvanceAsync(wait);
        await Sweep.SweepAsync();
        await _shop.Cluster.DrainAsync();
    }

    [Fact]
    public async Task Sweep_StripePaidButWebhookLost_ConfirmedByReconciliationOnce()
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var order = await _shop.CreateOrderAsync(email: email);
        var intent = Shop.NewId("pi");
        _shop.Payments.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd", order.OrderId);
        await SweepAfterAsync(TimeSpan.FromMinutes(16));
        await SweepAfterAsync(TimeSpan.FromMinutes(30));

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
        await SweepAfterAsync(TimeSpan.FromMinutes(16));
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
        await SweepAfterAsync(TimeSpan.FromMinutes(16));

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(tracking, Assert.Single(after.Payments).Reference);
        Assert.Single(after.History, h => h.Cause.Contains("confirmed by reconciliation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_PayPalPaidWebhookLostOrderNamedByStorefront_ConfirmedOnceLateWebhookDuplicate()
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var order = await _shop.CreateOrderAsync(email: email);
        var payPalOrder = NewPayPalOrderId();
        var captureId = Shop.NewId("CAP");
        using (var named = await NameAsync(order.OrderId, "paypal", payPalOrder))
        using (var retried = await NameAsync(order.OrderId, "paypal", payPalOrder))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
            Assert.True((await named.Content.ReadFromJsonAsync<PaymentReferenceAnswer>(Shop.Json))!.Recorded);
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            Assert.False((await retried.Content.ReadFromJsonAsync<PaymentReferenceAnswer>(Shop.Json))!.Recorded);
        }

        // The buyer pays and the storefront captures; PayPal's webhooks never arrive.
        _shop.Payments.SetPayPalOrder(payPalOrder, order.OrderId, Shop.EbookPrice, "USD", "COMPLETED", captureId);
        await SweepAfterAsync(TimeSpan.FromMinutes(16));
        await SweepAfterAsync(TimeSpan.FromMinutes(30));

        // The capture's webhook arrives after all, late: the payment is the one already recorded.
        using var late = await _shop.PostSignedPayPalAsync(
            PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), captureId, order.OrderId, PayPalPrice, "USD", payPalOrderId: payPalOrder));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("duplicate", (await late.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("paypal", captureId, "accepted", Shop.EbookPrice, "USD"), (payment.Provider, payment.Reference, payment.Outcome, payment.AmountMinor, payment.Currency));
        Assert.Single(after.History, h => h.Cause.Contains("confirmed by reconciliation", StringComparison.Ordinal));
        Assert.Single(after.History, h => h.Cause.Contains($"paypal order {payPalOrder} named by the storefront", StringComparison.Ordinal));
        Assert.Equal(1, _shop.EmailsTo(email));
        Assert.Single(_shop.Payments.RequestsTo($"/v2/checkout/orders/{payPalOrder}"));
        Assert.Equal(0, _shop.Payments.PayPalRefundCount);
    }

    [Fact]
    public async Task Sweep_PayPalOrderNamedByApprovedWebhookThenCaptured_ConfirmedByReconciliation()
    {
        var order = await _shop.CreateOrderAsync();
        var payPalOrder = NewPayPalOrderId();
        var captureId = Shop.NewId("CAP");
        using (var approved = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CheckoutOrder(
            Shop.NewId("WH"), "CHECKOUT.ORDER.APPROVED", order.OrderId, PayPalPrice, "USD", captureId: null, payPalOrderId: payPalOrder)))
        {
            Assert.Equal("recorded", (await approved.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        }

        // The storefront captures; the capture's webhook is lost.
        _shop.Payments.SetPayPalOrder(payPalOrder, order.OrderId, Shop.EbookPrice, "USD", "COMPLETED", captureId);
        await SweepAfterAsync(TimeSpan.FromMinutes(16));

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(captureId, Assert.Single(after.Payments).Reference);
        Assert.Single(after.History, h => h.Cause.Contains("confirmed by reconciliation", StringComparison.Ordinal));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Theory]
    [InlineData("CREATED")]
    [InlineData("APPROVED")]
    public async Task Sweep_PayPalOrderNotCaptured_LookedUpAndLeftPending(string status)
    {
        var order = await _shop.CreateOrderAsync();
        var payPalOrder = NewPayPalOrderId();
        using (var named = await NameAsync(order.OrderId, "paypal", payPalOrder))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        _shop.Payments.SetPayPalOrder(payPalOrder, order.OrderId, Shop.EbookPrice, "USD", status);
        await SweepAfterAsync(TimeSpan.FromMinutes(16));

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Empty(after.Payments);
        Assert.Single(after.History, h => h.Cause.Contains("asking the payment providers", StringComparison.Ordinal));
        Assert.Single(_shop.Payments.RequestsTo($"/v2/checkout/orders/{payPalOrder}"));
        Assert.Empty(_shop.Payments.RequestsTo("/v2/payments/captures"));
        Assert.Equal(0, _shop.EmailsTo(after.Customer.Email));
    }

    [Theory]
    [InlineData("{\"provider\":\"square\",\"reference\":\"5O190127TN364715T\"}", HttpStatusCode.BadRequest, "unknown_provider")]
    [InlineData("{\"provider\":\"stripe\",\"reference\":\"pi_123\"}", HttpStatusCode.BadRequest, "reference_not_needed")]
    [InlineData("{\"reference\":\"5O190127TN364715T\"}", HttpStatusCode.BadRequest, "missing_provider")]
    [InlineData("{\"provider\":\"paypal\"}", HttpStatusCode.BadRequest, "missing_reference")]
    [InlineData("{\"provider\":\"paypal\",\"reference\":\"5o190127tn364715t\"}", HttpStatusCode.BadRequest, "invalid_reference")]
    [InlineData("{\"provider\":\"paypal\",\"reference\":\"5O190127TN364715T5O190127TN364715TABC\"}", HttpStatusCode.BadRequest, "invalid_reference")]
    [InlineData("{\"provider\":\"paypal\",\"reference\":\"5O19 0127\"}", HttpStatusCode.BadRequest, "invalid_reference")]
    [InlineData("{\"provider\":\"pesapal\",\"reference\":\"not-a-guid\"}", HttpStatusCode.BadRequest, "invalid_reference")]
    [InlineData("{\"provider\":\"paypal\",\"reference\":", HttpStatusCode.BadRequest, "malformed_json")]
    [InlineData("[1,2]", HttpStatusCode.BadRequest, "malformed_json")]
    public async Task PaymentReferences_BadInput_RefusedWithReasonNothingRecorded(string body, HttpStatusCode status, string code)
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);

        using var response = await PostReferenceAsync(order.OrderId, body);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
    }

    [Fact]
    public async Task PaymentReferences_UnknownOrderOrNoValidKey_Refused()
    {
        using var unknown = await NameAsync(Shop.NewId("ord"), "paypal", NewPayPalOrderId());
        var order = await _shop.CreateOrderAsync();
        using var anonymous = await _shop.SendAsync(
            HttpMethod.Post, $"/api/orders/{order.OrderId}/payment-references", key: null, new { provider = "paypal", reference = NewPayPalOrderId() });
        using var wrongKey = await _shop.SendAsync(
            HttpMethod.Post, $"/api/orders/{order.OrderId}/payment-references", "not-a-key", new { provider = "paypal", reference = NewPayPalOrderId() });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_order", await Shop.ProblemCodeAsync(unknown));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.DoesNotContain((await _shop.GetOrderAsync(order.OrderId)).History, h => h.Cause.Contains("named by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PaymentReferences_PesaPalTrackingIdNamed_ConfirmedByReconciliationWithoutAnyNotice()
    {
        var order = await _shop.CreateOrderAsync(Shop.Course);
        var tracking = Guid.NewGuid().ToString();
        using (var named = await NameAsync(order.OrderId, "pesapal", tracking))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        _shop.Payments.SetPesaPalStatus(tracking, 1, 2500m, "KES", order.OrderId);
        await SweepAfterAsync(TimeSpan.FromMinutes(16));

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(tracking, Assert.Single(after.Payments).Reference);
    }

    [Fact]
    public async Task PaymentReferences_MoreThanTheLimit_RefusedUnprocessable()
    {
        var order = await _shop.CreateOrderAsync();
        for (var i = 0; i < 20; i++)
        {
            using var named = await NameAsync(order.OrderId, "paypal", NewPayPalOrderId());
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        using var refused = await NameAsync(order.OrderId, "paypal", NewPayPalOrderId());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("too_many_references", await Shop.ProblemCodeAsync(refused));
    }

    private static string NewPayPalOrderId() => Guid.NewGuid().ToString("N").ToUpperInvariant()[..17];

    private Task<HttpResponseMessage> NameAsync(string orderId, string provider, string reference) =>
        _shop.SendAsync(HttpMethod.Post, $"/api/orders/{Uri.EscapeDataString(orderId)}/payment-references", Shop.StorefrontKey, new { provider, reference });

    private Task<HttpResponseMessage> PostReferenceAsync(string orderId, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_shop.Gateway, $"/api/orders/{orderId}/payment-references"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Shop.StorefrontKey);
        return _shop.Http.SendAsync(request);
    }
}
