using System.Text.Json.Nodes;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>PayPal webhook event bodies shaped like PayPal's (trimmed), for webhook tests.</summary>
public static class PayPalEventPayloads
{
    /// <summary>The PayPal order id the payloads name unless a test gives its own.</summary>
    public const string DefaultPayPalOrderId = "5O190127TN364715T";

    public static string CaptureCompleted(
        string eventId, string captureId, string? customId, string value, string currency, string? invoiceId = null, string payPalOrderId = DefaultPayPalOrderId) =>
        Event(eventId, "PAYMENT.CAPTURE.COMPLETED", "capture", Capture(captureId, customId, invoiceId, value, currency, "COMPLETED", payPalOrderId));

    /// <summary>A capture PayPal holds for review (<c>PAYMENT.CAPTURE.PENDING</c>): no money yet, but it names the PayPal order.</summary>
    public static string CapturePending(string eventId, string captureId, string? customId, string value, string currency, string payPalOrderId) =>
        Event(eventId, "PAYMENT.CAPTURE.PENDING", "capture", Capture(captureId, customId, null, value, currency, "PENDING", payPalOrderId));

    public static string CaptureDenied(string eventId, string captureId, string? customId, string value, string currency) =>
        Event(eventId, "PAYMENT.CAPTURE.DENIED", "capture", Capture(captureId, customId, null, value, currency, "DECLINED", DefaultPayPalOrderId));

    /// <summary>A refund (or, with <paramref name="eventType"/> PAYMENT.CAPTURE.REVERSED, a reversal) of a capture.</summary>
    public static string CaptureRefunded(
        string eventId, string refundId, string captureId, string? customId, string value, string currency, string eventType = "PAYMENT.CAPTURE.REFUNDED") =>
        Event(eventId, eventType, "refund", new JsonObject
        {
            ["id"] = refundId,
            ["amount"] = Amount(value, currency),
            ["custom_id"] = customId,
            ["status"] = "COMPLETED",
            ["links"] = new JsonArray(
                Link($"https://api.sandbox.paypal.com/v2/payments/refunds/{refundId}", "self"),
                Link($"https://api.sandbox.paypal.com/v2/payments/captures/{captureId}", "up")),
        });

    /// <summary>
    /// A checkout-order event (<c>CHECKOUT.ORDER.APPROVED</c> or <c>CHECKOUT.ORDER.COMPLETED</c>) for an order of one
    /// purchase unit; with <paramref name="captureId"/> the unit carries that capture, as PayPal shows it once captured.
    /// </summary>
    public static string CheckoutOrder(
        string eventId,
        string eventType,
        string? customId,
        string value,
        string currency,
        string? captureId,
        string captureStatus = "COMPLETED",
        bool customIdOnCapture = true,
        string payPalOrderId = DefaultPayPalOrderId) =>
        Event(eventId, eventType, "checkout-order", OrderResource(customId, value, currency, captureId, captureStatus, customIdOnCapture, payPalOrderId));

    /// <summary>The checkout order alone, as <c>GET /v2/checkout/orders/{id}</c> answers it (the resource of <see cref="CheckoutOrder"/>).</summary>
    public static string CheckoutOrderResource(
        string? customId, string value, string currency, string? captureId, string captureStatus = "COMPLETED", string payPalOrderId = DefaultPayPalOrderId) =>
        OrderResource(customId, value, currency, captureId, captureStatus, customIdOnCapture: true, payPalOrderId).ToJsonString();

    private static JsonObject OrderResource(
        string? customId, string value, string currency, string? captureId, string captureStatus, bool customIdOnCapture, string payPalOrderId) =>
        new()
        {
            ["id"] = payPalOrderId,
            ["intent"] = "CAPTURE",
            ["status"] = captureId is null ? "APPROVED" : "COMPLETED",
            ["purchase_units"] = new JsonArray(new JsonObject
            {
                ["reference_id"] = "default",
                ["amount"] = Amount(value, currency),
                ["custom_id"] = customId,
                ["payments"] = captureId is null
                    ? null
                    : new JsonObject
                    {
                        ["captures"] = new JsonArray(Capture(captureId, customIdOnCapture ? customId : null, null, value, currency, captureStatus, payPalOrderId)),
                    },
            }),
            ["payer"] = new JsonObject { ["payer_id"] = "QYR5Z8XDVJNXQ", ["email_address"] = "buyer@example.com" },
        };

    public static string Other(string eventId, string eventType) =>
        Event(eventId, eventType, "checkout-order", new JsonObject { ["id"] = Guid.NewGuid().ToString("N"), ["status"] = "APPROVED" });

    public static string Event(string eventId, string eventType, string resourceType, JsonObject resource) =>
        new JsonObject
        {
            ["id"] = eventId,
            ["event_version"] = "1.0",
            ["create_time"] = "2026-01-15T12:00:00.000Z",
            ["resource_type"] = resourceType,
            ["resource_version"] = "2.0",
            ["event_type"] = eventType,
            ["summary"] = eventType,
            ["resource"] = resource,
        }.ToJsonString();

    private static JsonObject Capture(string id, string? customId, string? invoiceId, string value, string currency, string status, string payPalOrderId) =>
        new()
        {
            ["id"] = id,
            ["amount"] = Amount(value, currency),
            ["custom_id"] = customId,
            ["invoice_id"] = invoiceId,
            ["final_capture"] = true,
            ["status"] = status,
            ["supplementary_data"] = new JsonObject { ["related_ids"] = new JsonObject { ["order_id"] = payPalOrderId } },
        };

    private static JsonObject Amount(string value, string currency) => new() { ["currency_code"] = currency, ["value"] = value };

    private static JsonObject Link(string href, string rel) => new() { ["href"] = href, ["rel"] = rel, ["method"] = "GET" };
}
