using System.Net;
using System.Net.Http.Json;
using Orleans.Delivery.Testing;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Webhooks;

/// <summary>Stripe webhooks through a real gateway, recorded by the order grain, fulfilled by the silos.</summary>
public sealed class StripeWebhookTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task SignedSucceeded_PendingOrder_ConfirmedOnceAndDelivered()
    {
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("evt");
        var payload = StripeEventPayloads.PaymentIntentSucceeded(eventId, Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");

        using var response = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recorded", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(_shop.Now, after.PaidAt);
        var paid = Assert.Single(after.History, h => h.To == "paid");
        Assert.Equal("pending_payment", paid.From);
        Assert.Contains(eventId, paid.Cause, StringComparison.Ordinal);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("stripe", eventId, "accepted", Shop.EbookPrice, "USD"), (payment.Provider, payment.EventId, payment.Outcome, payment.AmountMinor!.Value, payment.Currency!));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Theory]
    [InlineData("bad-signature", 401, WebhookErrorCodes.SignatureMismatch)]
    [InlineData("stale-timestamp", 401, WebhookErrorCodes.TimestampOutsideTolerance)]
    [InlineData("tampered-body", 401, WebhookErrorCodes.SignatureMismatch)]
    [InlineData("missing-header", 401, WebhookErrorCodes.MissingSignature)]
    [InlineData("malformed-header", 400, WebhookErrorCodes.MalformedSignature)]
    public async Task ForgedDelivery_RefusedAndOrderUnchanged(string forgery, int status, string code)
    {
        var order = await _shop.CreateOrderAsync();
        var before = await _shop.OrderJsonAsync(order.OrderId);
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");
        var (body, signature) = forgery switch
        {
            "bad-signature" => (payload, _shop.SignStripe(payload, secret: "whsec_someone_elses_secret")),
            "stale-timestamp" => (payload, _shop.SignStripe(payload, _shop.Now - TimeSpan.FromMinutes(6))),
            // Signed for one amount, delivered claiming another.
            "tampered-body" => (payload.Replace($"\"amount\":{Shop.EbookPrice}", "\"amount\":1", StringComparison.Ordinal), _shop.SignStripe(payload)),
            "missing-header" => (payload, null),
            _ => (payload, "v1=abc"),
        };
        Assert.True(forgery != "tampered-body" || body != payload);

        using var response = await _shop.PostStripeAsync(body, signature);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await Shop.ProblemCodeAsync(response));
        Assert.Equal(before, await _shop.OrderJsonAsync(order.OrderId));
        Assert.Empty(await _shop.OutboxAsync(order.OrderId));
        _shop.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task SignedWithEitherSecretDuringRotation_Accepted()
    {
        var order = await _shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");

        using var response = await _shop.PostStripeAsync(
            payload, StripeWebhookSigner.SignWithEach(payload, ["whsec_the_new_secret_not_configured_yet", Shop.StripeSecret], _shop.Now));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
    }

    [Fact]
    public async Task SameEventDaysApart_ConfirmedOnce()
    {
        var order = await _shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");
        using var first = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();

        // Stripe re-signs every retry with the time it is sent.
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromDays(3));
        using var again = await _shop.PostSignedStripeAsync(payload);
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(after.Payments);
        Assert.Single(await _shop.OutboxAsync(order.OrderId), e => e.Name == "delivery-email");
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }

    [Fact]
    public async Task FailedThenSucceeded_ConfirmedAndFailureKeptInHistory()
    {
        var order = await _shop.CreateOrderAsync();
        var intent = Shop.NewId("pi");
        var failure = Shop.NewId("evt");
        var success = Shop.NewId("evt");

        using var failed = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentFailed(failure, intent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        var afterFailure = await _shop.GetOrderAsync(order.OrderId);
        var effectsAfterFailure = await _shop.OutboxAsync(order.OrderId);
        await _shop.Cluster.AdvanceAsync(TimeSpan.FromMinutes(2));
        using var succeeded = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(success, intent, order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("pending_payment", afterFailure.Status);
        Assert.Empty(effectsAfterFailure);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        var failedEntry = Assert.Single(after.History, h => h.Cause.Contains(failure, StringComparison.Ordinal));
        Assert.Equal(("pending_payment", "pending_payment"), (failedEntry.From, failedEntry.To));
        Assert.Contains("failed", failedEntry.Cause, StringComparison.Ordinal);
        var confirmed = Assert.Single(after.History, h => h.To == "paid");
        Assert.Contains(success, confirmed.Cause, StringComparison.Ordinal);
        Assert.True(failedEntry.At < confirmed.At);
    }

    [Theory]
    [InlineData(Shop.EbookPrice - 1, "usd")]
    [InlineData(Shop.EbookPrice, "eur")]
    public async Task AmountOrCurrencyMismatch_FlaggedForReviewNothingFulfilledAlertRaised(long amount, string currency)
    {
        var order = await _shop.CreateOrderAsync();
        var eventId = Shop.NewId("evt");

        using var response = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(eventId, Shop.NewId("pi"), order.OrderId, amount, currency));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("manual_review", after.Status);
        Assert.Null(after.PaidAt);
        Assert.StartsWith("payment mismatch", after.ReviewReason, StringComparison.Ordinal);
        Assert.Equal("mismatched", Assert.Single(after.Payments).Outcome);
        Assert.All(after.Lines, l => Assert.False(l.Delivered));
        Assert.DoesNotContain(await _shop.OutboxAsync(order.OrderId), e => e.Name is "delivery-email" or "customer" or "supplier-order" or "merchant-webhook");
        Assert.Equal(0, _shop.EmailsTo(order.Customer.Email));
        Assert.Contains("payment-mismatch", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Contains(await _shop.ReviewQueueAsync(), r => r == order.OrderId);
    }

    [Fact]
    public async Task AmountMismatch_HoursLater_StillHeldForTheMismatchWithNothingDeadLettered()
    {
        var order = await _shop.CreateOrderAsync();
        using var response = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, 1, "usd"));

        await _shop.Cluster.AdvanceThroughAsync(TimeSpan.FromHours(2));

        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("manual_review", after.Status);
        Assert.All(await _shop.OutboxAsync(order.OrderId), e => Assert.Equal(EffectStatus.Done, e.Status));
        Assert.Equal(["payment-mismatch"], await _shop.AlertKindsAsync(order.OrderId));
        Assert.Contains(_shop.LogLines, l => l.Contains("[3200] Alert payment-mismatch for order " + order.OrderId, StringComparison.Ordinal));
        using var review = await _shop.SendAsync(HttpMethod.Get, "/admin/review", Shop.AdminKey);
        Assert.Contains($"payment mismatch: expected {Shop.EbookPrice} USD, received 1 USD", await review.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutSessionCompletedPaid_ConfirmsTheOrder()
    {
        var order = await _shop.CreateOrderAsync();
        var intent = Shop.NewId("pi");

        using var response = await _shop.PostSignedStripeAsync(StripeEventPayloads.CheckoutSessionCompleted(
            Shop.NewId("evt"), Shop.NewId("cs"), order.OrderId, clientReferenceId: null, Shop.EbookPrice, "usd", intent));
        await _shop.Cluster.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Equal(intent, Assert.Single(after.Payments).Reference);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CheckoutSessionAndPaymentIntentForOnePayment_OneAfterTheOther_ConfirmedOnceNothingRefunded(bool sessionFirst)
    {
        var order = await _shop.CreateOrderAsync();
        var intent = Shop.NewId("pi");
        var (session, succeeded) = OnePaymentTwoEvents(order.OrderId, intent);

        using var first = await _shop.PostSignedStripeAsync(sessionFirst ? session : succeeded);
        await _shop.Cluster.DrainAsync();
        using var second = await _shop.PostSignedStripeAsync(sessionFirst ? succeeded : session);
        await _shop.Cluster.DrainAsync();

        Assert.Equal("recorded", (await first.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        await AssertPaidOnceNothingRefundedAsync(order, intent);
    }

    [Fact]
    public async Task CheckoutSessionAndPaymentIntentForOnePayment_AtOnce_ConfirmedOnceNothingRefunded()
    {
        var order = await _shop.CreateOrderAsync();
        var intent = Shop.NewId("pi");
        var (session, succeeded) = OnePaymentTwoEvents(order.OrderId, intent);

        var responses = await Task.WhenAll(Task.Run(() => _shop.PostSignedStripeAsync(session)), Task.Run(() => _shop.PostSignedStripeAsync(succeeded)));
        await _shop.Cluster.DrainAsync();

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add((await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
            response.Dispose();
        }

        Assert.Equal(["duplicate", "recorded"], outcomes.Order());
        await AssertPaidOnceNothingRefundedAsync(order, intent);
    }

    [Fact]
    public async Task SucceededForUnknownOrder_AnsweredAndKeptForInspection()
    {
        var orderId = Shop.NewId("ord");
        var eventId = Shop.NewId("evt");

        using var response = await _shop.PostSignedStripeAsync(StripeEventPayloads.PaymentIntentSucceeded(eventId, Shop.NewId("pi"), orderId, 500, "usd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kept_for_inspection", (await response.Content.ReadFromJsonAsync<WebhookAnswer>(Shop.Json))!.Outcome);
        Assert.Contains(await _shop.UnmatchedWebhooksAsync(), w => w.Contains(eventId, StringComparison.Ordinal));
        using var get = await _shop.SendAsync(HttpMethod.Get, $"/api/orders/{orderId}", Shop.StorefrontKey);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task SignedSucceeded_AnsweredWithoutAnyOutboundCall()
    {
        var order = await _shop.CreateOrderAsync();
        var seen = _shop.Payments.Requests.Count;

        using var response = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(seen, _shop.Payments.Requests.Count);
    }

    /// <summary>
    /// The two events a Stripe endpoint subscribed to both types receives for one Checkout payment. The simulator knows
    /// the PaymentIntent, so a refund wrongly asked for would be made (and counted).
    /// </summary>
    private (string Session, string Succeeded) OnePaymentTwoEvents(string orderId, string intent)
    {
        _shop.Payments.SetStripePaymentIntent(intent, Shop.EbookPrice, "usd");
        return (
            StripeEventPayloads.CheckoutSessionCompleted(Shop.NewId("evt"), Shop.NewId("cs"), orderId, clientReferenceId: null, Shop.EbookPrice, "usd", intent),
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), intent, orderId, Shop.EbookPrice, "usd"));
    }

    private async Task AssertPaidOnceNothingRefundedAsync(Grains.Interfaces.OrderView order, string intent)
    {
        var after = await _shop.GetOrderAsync(order.OrderId);
        Assert.Equal("delivered", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        var payment = Assert.Single(after.Payments);
        Assert.Equal(("accepted", intent), (payment.Outcome, payment.Reference));
        Assert.DoesNotContain(_shop.Payments.RequestsTo("/v1/refunds"), r => r.Body.Contains(intent, StringComparison.Ordinal));
        Assert.DoesNotContain(await _shop.OutboxAsync(order.OrderId), e => e.Name == "refund");
        Assert.DoesNotContain("duplicate-payment", await _shop.AlertKindsAsync(order.OrderId));
        Assert.Equal(1, _shop.EmailsTo(order.Customer.Email));
    }
}
