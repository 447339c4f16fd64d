using System.Net;
using System.Net.Http.Json;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>PayPal webhooks, verified against the certificate the PayPal simulator serves, end to end.</summary>
public sealed class PayPalWebhookTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private const string Price = "19.99";

    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task SignedCaptureCompleted_PendingOrder_ConfirmedAndDelivered()
    {
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("WH");
        var captureId = Shop.NewId("CAP");

        using var response = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(eventId, captureId, order.OrderId, Price, "USD"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var paid = Assert.Single(after.History, h => h.To == "paid");
        Assert.Contains(eventId, paid.Cause, StringComparison.Ordinal);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("paypal", Shop.EbookPrice, "USD", captureId), (payment.Provider, payment.AmountMinor!.Value, payment.Currency!, payment.Reference!));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task CaptureWithInvoiceIdOnly_ConfirmsThatOrder()
    {
        var order = await _shop.CreateOrderAsync();

        using var response = await _shop.PostSignedPayPalAsync(
            PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), customId: null, Price, "USD", invoiceId: order.OrderId));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Theory]
    [InlineData("other-key", 401, WebhookErrorCodes.SignatureMismatch)]
    [InlineData("other-webhook-id", 401, WebhookErrorCodes.SignatureMismatch)]
    [InlineData("stale-timestamp", 401, WebhookErrorCodes.TimestampOutsideTolerance)]
    [InlineData("tampered-body", 401, WebhookErrorCodes.SignatureMismatch)]
    [InlineData("missing-header", 401, WebhookErrorCodes.MissingSignature)]
    [InlineData("certificate-elsewhere", 401, WebhookErrorCodes.CertificateUrlNotAllowed)]
    public async Task ForgedDelivery_RefusedAndOrderUnchanged(string forgery, int status, string code)
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var payload = PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), order.OrderId, Price, "USD");
        using var forger = new PayPalWebhookSigner();
        var body = forgery == "tampered-body" ? payload.Replace(Price, "0.01", StringComparison.Ordinal) : payload;
        var signed = forgery switch
        {
            // A key of the attacker's own, with our (allowed) certificate URL in the header.
            "other-key" => forger.SignDelivery(payload, Shop.PayPalWebhookId, _shop.Payments.PayPalCertificateUrl, _shop.Now),
            "other-webhook-id" => _shop.Payments.PayPalSigner.SignDelivery(payload, "WH-SOMEONE-ELSE", _shop.Payments.PayPalCertificateUrl, _shop.Now),
            "stale-timestamp" => _shop.SignPayPal(payload, _shop.Now - TimeSpan.FromMinutes(6)),
            "certificate-elsewhere" => forger.SignDelivery(payload, Shop.PayPalWebhookId, new Uri("https://certs.attacker.example/cert.pem"), _shop.Now),
            _ => _shop.SignPayPal(payload),
        };
        Assert.True(forgery != "tampered-body" || body != payload);

        using var response = await _shop.PostPayPalAsync(body, signed, omitHeader: forgery == "missing-header" ? PayPalTransmission.TransmissionSignatureHeader : null);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        Assert.Empty(await _shop.OutboxAsync(order.OrderId));
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task CaptureDeniedThenCompleted_ConfirmedAndDenialKeptInHistory()
    {
        var order = await _shop.CreateOrderAsync();
        var denied = Shop.NewId("WH");
        var completed = Shop.NewId("WH");

        using var first = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureDenied(denied, Shop.NewId("CAP"), order.OrderId, Price, "USD"));
        var afterDenial = await _shop.GetOrderAsync(order.OrderId);
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(5));
        using var second = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(completed, Shop.NewId("CAP"), order.OrderId, Price, "USD"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("pending_payment", afterDenial.Status);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var denial = Assert.Single(after.History, h => h.Cause.Contains(denied, StringComparison.Ordinal));
        Assert.Equal("pending_payment", denial.To);
        Assert.True(denial.At < Assert.Single(after.History, h => h.To == "paid").At);
    }

    [Fact]
    public async Task AmountMismatch_FlaggedForReviewNothingFulfilledAlertRaised()
    {
        var order = await _shop.CreateOrderAsync();

        using var response = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), order.OrderId, "1.00", "USD"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("manual_review", after.Status);
        Assert.All(after.Lines, l => Assert.False(l.Delivered));
        Assert.Equal(0, _shop.EmailsTo(order.Customer.Email));
        Assert.Contains("payment-mismatch", await _shop.AlertKindsAsync(order.OrderId));
    }

    [Theory]
    [InlineData("CHECKOUT.ORDER.COMPLETED", true)]
    [InlineData("CHECKOUT.ORDER.COMPLETED", false)]
    [InlineData("CHECKOUT.ORDER.APPROVED", true)]
    [InlineData("CHECKOUT.ORDER.APPROVED", false)]
    public async Task CheckoutOrderAndCaptureCompletedForOneCapture_OneAfterTheOther_ConfirmedOnceNothingRefunded(string orderEvent, bool orderEventFirst)
    {
        var order = await _shop.CreateOrderAsync();
        var captureId = Shop.NewId("CAP");
        var (orderPayload, capturePayload) = OneCaptureTwoEvents(order.OrderId, captureId, orderEvent);

        using var first = await _shop.PostSignedPayPalAsync(orderEventFirst ? orderPayload : capturePayload);
        await _shop.Cluster.DrainAsync();
        using var second = await _shop.PostSignedPayPalAsync(orderEventFirst ? capturePayload : orderPayload);
        await _shop.Cluster.DrainAsync();

        Assert.Equal("recorded", (await first.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        await AssertPaidOnceNothingRefundedAsync(order, captureId);
    }

    [Fact]
    public async Task CheckoutOrderAndCaptureCompletedForOneCapture_AtOnce_ConfirmedOnceNothingRefunded()
    {
        var order = await _shop.CreateOrderAsync();
        var captureId = Shop.NewId("CAP");
        var (orderPayload, capturePayload) = OneCaptureTwoEvents(order.OrderId, captureId, "CHECKOUT.ORDER.COMPLETED");

        var responses = await Task.WhenAll(
            Task.Run(() => _shop.PostSignedPayPalAsync(orderPayload)), Task.Run(() => _shop.PostSignedPayPalAsync(capturePayload)));
        await _shop.Cluster.DrainAsync();

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
            response.Dispose();
        }

        Assert.Equal(["duplicate", "recorded"], outcomes.Order());
        await AssertPaidOnceNothingRefundedAsync(order, captureId);
    }

    [Fact]
    public async Task CheckoutOrderApprovedWithoutCapture_PayPalOrderRecordedOrderStillAwaitsPayment()
    {
        var order = await _shop.CreateOrderAsync();
        var approved = PayPalEventPayloads.CheckoutOrder(
            Shop.NewId("WH"), "CHECKOUT.ORDER.APPROVED", order.OrderId, Price, "USD", captureId: null, payPalOrderId: "7RW12345AB678901C");

        using var response = await _shop.PostSignedPayPalAsync(approved);
        using var again = await _shop.PostSignedPayPalAsync(approved);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recorded", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("pending_payment", after.Status);
        Assert.Empty(after.Payments);
        Assert.Single(after.History, h => h.Cause.Contains("paypal order 7RW12345AB678901C named by the webhook", StringComparison.Ordinal));
        Assert.Empty(await _shop.OutboxAsync(order.OrderId));
    }

    [Fact]
    public async Task SecondDifferentCapture_RefundedOnceFirstNever()
    {
        var order = await _shop.CreateOrderAsync();
        var firstCapture = Shop.NewId("CAP");
        var secondCapture = Shop.NewId("CAP");
        var secondEvent = Shop.NewId("WH");
        var (firstOrderEvent, firstCaptureEvent) = OneCaptureTwoEvents(order.OrderId, firstCapture, "CHECKOUT.ORDER.COMPLETED");
        _shop.Payments.SetPayPalCapture(secondCapture, Shop.EbookPrice, "USD");
        var before = _shop.Payments.PayPalRefundCount;

        using var paid = await _shop.PostSignedPayPalAsync(firstOrderEvent);
        using var paidAgain = await _shop.PostSignedPayPalAsync(firstCaptureEvent);
        await _shop.Cluster.DrainAsync();
        using var second = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(secondEvent, secondCapture, order.OrderId, Price, "USD"));
        await _shop.Cluster.DrainAsync();
        using var secondAgain = await _shop.PostSignedPayPalAsync(
            PayPalEventPayloads.CheckoutOrder(Shop.NewId("WH"), "CHECKOUT.ORDER.COMPLETED", order.OrderId, Price, "USD", secondCapture));
        await _shop.Cluster.DrainAsync();

        var call = Assert.Single(_shop.Payments.RequestsTo($"/v2/payments/captures/{secondCapture}/refund"));
        Assert.Equal($"order/{order.OrderId}/refund-{secondEvent}", call.Headers["PayPal-Request-Id"]);
        Assert.Empty(_shop.Payments.RequestsTo($"/v2/payments/captures/{firstCapture}/refund"));
        Assert.Equal(before + 1, _shop.Payments.PayPalRefundCount);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal([("accepted", firstCapture), ("duplicate", secondCapture)], after.Payments.Select(p => (p.Outcome, p.Reference!)));
        Assert.Equal("duplicate", (await secondAgain.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Single(await _shop.AlertKindsAsync(order.OrderId), k => k == "duplicate-payment");
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task SignedDelivery_OnlyOutboundCallIsTheCertificateOnce_NoneOnceCached()
    {
        var warm = await _shop.CreateOrderAsync();
        using var first = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), warm.OrderId, Price, "USD"));
        var order = await _shop.CreateOrderAsync();
        var seen = _shop.Payments.Requests.Count;

        using var response = await _shop.PostSignedPayPalAsync(PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), Shop.NewId("CAP"), order.OrderId, Price, "USD"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(seen, _shop.Payments.Requests.Count);
        Assert.All(_shop.Payments.Requests, r => Assert.Equal(PaymentProviderSimulator.PayPalCertificatePath, r.Path));
        Assert.Equal("recorded", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
    }

    /// <summary>
    /// A checkout-order event and PAYMENT.CAPTURE.COMPLETED for one capture. The simulator knows the capture, so a refund
    /// wrongly asked for would be made (and counted).
    /// </summary>
    private (string Order, string Capture) OneCaptureTwoEvents(string orderId, string captureId, string orderEvent)
    {
        _shop.Payments.SetPayPalCapture(captureId, Shop.EbookPrice, "USD");
        return (
            PayPalEventPayloads.CheckoutOrder(Shop.NewId("WH"), orderEvent, orderId, Price, "USD", captureId),
            PayPalEventPayloads.CaptureCompleted(Shop.NewId("WH"), captureId, orderId, Price, "USD"));
    }

    private async Task AssertPaidOnceNothingRefundedAsync(Grains.Interfaces.OrderView order, string captureId)
    {
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("accepted", Shop.EbookPrice, captureId), (payment.Outcome, payment.AmountMinor!.Value, payment.Reference!));
        Assert.Empty(_shop.Payments.RequestsTo($"/v2/payments/captures/{captureId}/refund"));
        Assert.DoesNotContain(await _shop.OutboxAsync(order.OrderId), e => e.Name == "refund");
        Assert.DoesNotContain("duplicate-payment", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }
}
