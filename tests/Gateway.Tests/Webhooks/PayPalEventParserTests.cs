using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class PayPalEventParserTests
{
    private readonly string _eventId = "WH-" + Guid.NewGuid().ToString("N");
    private readonly string _orderId = "ord_" + Guid.NewGuid().ToString("N");

    private const string PayPalOrder = PayPalEventPayloads.DefaultPayPalOrderId;

    [Fact]
    public void Parse_CaptureCompleted_SucceededInMinorUnits()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "42X", _orderId, "10.50", "USD"));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Succeeded, _orderId, 1050, "USD", "42X", PayPalOrder), result.Notification);
    }

    [Theory]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1500", "KRW", 1500)]
    [InlineData("7.125", "KWD", 7125)]
    [InlineData("0.01", "EUR", 1)]
    [InlineData("100", "USD", 10000)]
    public void Parse_CaptureCompleted_UsesCurrencyExponent(string value, string currency, long minor) =>
        Assert.Equal(minor, PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", _orderId, value, currency)).Notification?.AmountMinor);

    [Fact]
    public void Parse_CaptureWithInvoiceIdOnly_UsesInvoiceIdAsOrderId()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", null, "1.00", "USD", invoiceId: _orderId));

        Assert.Equal(_orderId, result.Notification?.OrderId);
    }

    [Fact]
    public void Parse_CaptureDenied_Failed()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureDenied(_eventId, "C9", _orderId, "3.00", "GBP"));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Failed, _orderId, 300, "GBP", "C9", PayPalOrder), result.Notification);
    }

    [Theory]
    [InlineData("PAYMENT.CAPTURE.REFUNDED")]
    [InlineData("PAYMENT.CAPTURE.REVERSED")]
    public void Parse_CaptureRefundedOrReversed_ReversedAgainstCapture(string eventType)
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CaptureRefunded(_eventId, "REF1", "CAP7", _orderId, "2.00", "USD", eventType));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Reversed, _orderId, 200, "USD", "CAP7"), result.Notification);
    }

    [Theory]
    [InlineData("CHECKOUT.ORDER.APPROVED")]
    [InlineData("CHECKOUT.ORDER.COMPLETED")]
    public void Parse_CheckoutOrderWithCompletedCapture_SucceededForTheCapture(string eventType)
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CheckoutOrder(_eventId, eventType, _orderId, "10.50", "USD", "CAP1"));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Succeeded, _orderId, 1050, "USD", "CAP1", PayPalOrder), result.Notification);
    }

    [Fact]
    public void Parse_CheckoutOrderAndCaptureCompletedForOneCapture_NameTheSamePayment()
    {
        var order = PayPalEventParser.Parse(PayPalEventPayloads.CheckoutOrder("WH-1", "CHECKOUT.ORDER.COMPLETED", _orderId, "10.50", "USD", "CAP1"));
        var capture = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted("WH-2", "CAP1", _orderId, "10.50", "USD"));

        Assert.Equal(order.Notification! with { EventId = "WH-2" }, capture.Notification);
    }

    [Fact]
    public void Parse_CheckoutOrderCaptureWithoutCustomId_UsesThePurchaseUnits()
    {
        var result = PayPalEventParser.Parse(
            PayPalEventPayloads.CheckoutOrder(_eventId, "CHECKOUT.ORDER.COMPLETED", _orderId, "1.00", "USD", "CAP1", customIdOnCapture: false));

        Assert.Equal(_orderId, result.Notification?.OrderId);
    }

    [Theory]
    [InlineData("CHECKOUT.ORDER.APPROVED", null, "COMPLETED")]
    [InlineData("CHECKOUT.ORDER.COMPLETED", null, "COMPLETED")]
    [InlineData("CHECKOUT.ORDER.APPROVED", "CAP1", "PENDING")]
    [InlineData("CHECKOUT.ORDER.COMPLETED", "CAP1", "DECLINED")]
    public void Parse_CheckoutOrderWithoutCompletedCapture_NamesThePayPalOrderOnly(string eventType, string? captureId, string captureStatus)
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CheckoutOrder(_eventId, eventType, _orderId, "10.50", "USD", captureId, captureStatus));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.OrderNamed, _orderId, null, null, null, PayPalOrder), result.Notification);
    }

    [Fact]
    public void Parse_CheckoutOrderApprovedWithoutCustomId_Unrecognised()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CheckoutOrder(_eventId, "CHECKOUT.ORDER.APPROVED", null, "10.50", "USD", null));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Unrecognised, null, null, null, null), result.Notification);
    }

    [Fact]
    public void Parse_CapturePending_NamesThePayPalOrderOnly()
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.CapturePending(_eventId, "CAP3", _orderId, "10.50", "USD", "8AB12345CD678901E"));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.OrderNamed, _orderId, null, null, null, "8AB12345CD678901E"), result.Notification);
    }

    [Fact]
    public void Parse_CaptureNamingAControlCharacterOrderId_Refused() =>
        Assert.Equal(
            "invalid_identifier",
            PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", _orderId, "1.00", "USD", payPalOrderId: "5O19\u0000X")).ErrorCode);

    [Fact]
    public void ParseOrder_CompletedOrder_ReadAsTheCaptureWebhookWouldBe()
    {
        var order = PayPalEventPayloads.CheckoutOrderResource(_orderId, "10.50", "USD", "CAP1", payPalOrderId: "8AB12345CD678901E");

        var read = PayPalEventParser.ParseOrder("reconciliation", order);
        var webhook = PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted("WH-2", "CAP1", _orderId, "10.50", "USD", payPalOrderId: "8AB12345CD678901E"));

        Assert.Equal(webhook.Notification! with { EventId = "reconciliation" }, read.Notification);
    }

    [Fact]
    public void Parse_CheckoutOrderWithoutResource_MissingEventObject() =>
        Assert.Equal(WebhookErrorCodes.MissingEventObject, PayPalEventParser.Parse("{\"id\":\"WH-1\",\"event_type\":\"CHECKOUT.ORDER.COMPLETED\"}").ErrorCode);

    [Theory]
    [InlineData("CHECKOUT.ORDER.APPROVED")]
    [InlineData("PAYMENT.CAPTURE.PENDING")]
    public void Parse_OtherEventType_Unrecognised(string eventType)
    {
        var result = PayPalEventParser.Parse(PayPalEventPayloads.Other(_eventId, eventType));

        Assert.Equal(new PaymentNotification("paypal", _eventId, PaymentOutcome.Unrecognised, null, null, null, null), result.Notification);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\":")]
    [InlineData("\"text\"")]
    public void Parse_MalformedJson_MalformedJson(string payload) =>
        Assert.Equal(WebhookErrorCodes.MalformedJson, PayPalEventParser.Parse(payload).ErrorCode);

    [Fact]
    public void Parse_NoCustomOrInvoiceId_MissingOrderId() =>
        Assert.Equal(WebhookErrorCodes.MissingOrderId, PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", null, "1.00", "USD")).ErrorCode);

    [Theory]
    [InlineData("10.505", "USD")]
    [InlineData("10.5", "JPY")]
    [InlineData("-1.00", "USD")]
    [InlineData("ten", "USD")]
    public void Parse_AmountNotValidForCurrency_MalformedAmount(string value, string currency) =>
        Assert.Equal(WebhookErrorCodes.MalformedAmount, PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", _orderId, value, currency)).ErrorCode);

    [Fact]
    public void Parse_LowerCaseCurrency_MalformedCurrency() =>
        Assert.Equal(WebhookErrorCodes.MalformedCurrency, PayPalEventParser.Parse(PayPalEventPayloads.CaptureCompleted(_eventId, "C", _orderId, "1.00", "usd")).ErrorCode);

    [Fact]
    public void Parse_NoEventType_MissingEventType() =>
        Assert.Equal(WebhookErrorCodes.MissingEventType, PayPalEventParser.Parse("{\"id\":\"WH-1\"}").ErrorCode);

    [Fact]
    public void Parse_NoResource_MissingEventObject() =>
        Assert.Equal(WebhookErrorCodes.MissingEventObject, PayPalEventParser.Parse("{\"id\":\"WH-1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\"}").ErrorCode);
}
