using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class StripeEventParserTests
{
    private readonly string _eventId = "evt_" + Guid.NewGuid().ToString("N");
    private readonly string _orderId = "ord_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Parse_PaymentIntentSucceeded_Succeeded()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.PaymentIntentSucceeded(_eventId, "pi_123", _orderId, 2599, "usd"));

        Assert.Equal(new PaymentNotification("stripe", _eventId, PaymentOutcome.Succeeded, _orderId, 2599, "USD", "pi_123"), result.Notification);
    }

    [Fact]
    public void Parse_PaymentIntentSucceededWithoutAmountReceived_FallsBackToAmount()
    {
        var payload = StripeEventPayloads.PaymentIntentSucceeded(_eventId, "pi_123", _orderId, 500, "jpy").Replace("\"amount_received\":500,", string.Empty, StringComparison.Ordinal);

        var result = StripeEventParser.Parse(payload);

        Assert.Equal(500, result.Notification?.AmountMinor);
        Assert.Equal("JPY", result.Notification?.Currency);
    }

    [Fact]
    public void Parse_PaymentIntentFailed_Failed()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.PaymentIntentFailed(_eventId, "pi_9", _orderId, 1000, "eur"));

        Assert.Equal(new PaymentNotification("stripe", _eventId, PaymentOutcome.Failed, _orderId, 1000, "EUR", "pi_9"), result.Notification);
    }

    [Fact]
    public void Parse_CheckoutSessionCompletedPaid_SucceededWithPaymentIntentReference()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.CheckoutSessionCompleted(_eventId, "cs_1", _orderId, null, 4200, "gbp", "pi_77"));

        Assert.Equal(new PaymentNotification("stripe", _eventId, PaymentOutcome.Succeeded, _orderId, 4200, "GBP", "pi_77"), result.Notification);
    }

    [Fact]
    public void Parse_CheckoutSessionWithClientReferenceOnly_UsesClientReferenceAsOrderId()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.CheckoutSessionCompleted(_eventId, "cs_1", null, _orderId, 4200, "usd", "pi_77"));

        Assert.Equal(_orderId, result.Notification?.OrderId);
    }

    [Theory]
    [InlineData("unpaid")]
    [InlineData("no_payment_required")]
    public void Parse_CheckoutSessionCompletedNotPaid_Unrecognised(string paymentStatus)
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.CheckoutSessionCompleted(_eventId, "cs_1", _orderId, null, 4200, "usd", "pi_77", paymentStatus));

        Assert.Equal(PaymentOutcome.Unrecognised, result.Notification?.Outcome);
    }

    [Fact]
    public void Parse_ChargeRefunded_ReversedAgainstPaymentIntent()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.ChargeRefunded(_eventId, "ch_1", "pi_5", _orderId, 1000, 400, "usd"));

        Assert.Equal(new PaymentNotification("stripe", _eventId, PaymentOutcome.Reversed, _orderId, 400, "USD", "pi_5"), result.Notification);
    }

    [Fact]
    public void Parse_ChargeRefundedWithoutOrderMetadata_ReversedWithoutOrderId()
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.ChargeRefunded(_eventId, "ch_1", "pi_5", null, 1000, 1000, "usd"));

        Assert.Equal(PaymentOutcome.Reversed, result.Notification?.Outcome);
        Assert.Null(result.Notification?.OrderId);
    }

    [Theory]
    [InlineData("customer.created")]
    [InlineData("payment_intent.created")]
    [InlineData("charge.succeeded")]
    public void Parse_OtherEventType_Unrecognised(string type)
    {
        var result = StripeEventParser.Parse(StripeEventPayloads.Other(_eventId, type));

        Assert.Equal(new PaymentNotification("stripe", _eventId, PaymentOutcome.Unrecognised, null, null, null, null), result.Notification);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("{\"id\":\"evt_1\"} trailing")]
    public void Parse_MalformedJson_MalformedJson(string payload)
    {
        var result = StripeEventParser.Parse(payload);

        Assert.False(result.IsSuccess);
        Assert.Equal(WebhookErrorCodes.MalformedJson, result.ErrorCode);
    }

    [Fact]
    public void Parse_NoOrderMetadata_MissingOrderId() =>
        Assert.Equal(WebhookErrorCodes.MissingOrderId, StripeEventParser.Parse(StripeEventPayloads.PaymentIntentSucceeded(_eventId, "pi_1", null, 100, "usd")).ErrorCode);

    [Fact]
    public void Parse_NoEventId_MissingEventId() =>
        Assert.Equal(WebhookErrorCodes.MissingEventId, StripeEventParser.Parse("{\"type\":\"payment_intent.succeeded\"}").ErrorCode);

    [Fact]
    public void Parse_NoType_MissingEventType() =>
        Assert.Equal(WebhookErrorCodes.MissingEventType, StripeEventParser.Parse("{\"id\":\"evt_1\"}").ErrorCode);

    [Fact]
    public void Parse_NoDataObject_MissingEventObject() =>
        Assert.Equal(WebhookErrorCodes.MissingEventObject, StripeEventParser.Parse("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{}}").ErrorCode);

    [Fact]
    public void Parse_NoCurrency_MissingCurrency()
    {
        var payload = StripeEventPayloads.PaymentIntentSucceeded(_eventId, "pi_1", _orderId, 100, "usd").Replace("\"currency\":\"usd\",", string.Empty, StringComparison.Ordinal);

        Assert.Equal(WebhookErrorCodes.MissingCurrency, StripeEventParser.Parse(payload).ErrorCode);
    }

    [Fact]
    public void Parse_AmountNotANumber_MissingAmount()
    {
        var payload = StripeEventPayloads.PaymentIntentSucceeded(_eventId, "pi_1", _orderId, 100, "usd")
            .Replace("\"amount\":100", "\"amount\":\"100\"", StringComparison.Ordinal)
            .Replace("\"amount_received\":100", "\"amount_received\":null", StringComparison.Ordinal);

        Assert.Equal(WebhookErrorCodes.MissingAmount, StripeEventParser.Parse(payload).ErrorCode);
    }
}
