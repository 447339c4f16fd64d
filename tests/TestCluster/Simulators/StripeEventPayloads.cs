using System.Text.Json.Nodes;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>Stripe event bodies shaped like Stripe's (trimmed to the fields that matter), for webhook tests.</summary>
public static class StripeEventPayloads
{
    public static string PaymentIntentSucceeded(string eventId, string paymentIntentId, string? orderId, long amount, string currency) =>
        Event(eventId, "payment_intent.succeeded", PaymentIntent(paymentIntentId, orderId, amount, amount, currency, "succeeded"));

    public static string PaymentIntentFailed(string eventId, string paymentIntentId, string? orderId, long amount, string currency) =>
        Event(eventId, "payment_intent.payment_failed", PaymentIntent(paymentIntentId, orderId, amount, 0, currency, "requires_payment_method"));

    public static string CheckoutSessionCompleted(
        string eventId, string sessionId, string? orderId, string? clientReferenceId, long amountTotal, string currency, string paymentIntentId, string paymentStatus = "paid") =>
        Event(eventId, "checkout.session.completed", new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["amount_total"] = amountTotal,
            ["currency"] = currency,
            ["client_reference_id"] = clientReferenceId,
            ["metadata"] = Metadata(orderId),
            ["mode"] = "payment",
            ["payment_intent"] = paymentIntentId,
            ["payment_status"] = paymentStatus,
            ["status"] = "complete",
        });

    public static string ChargeRefunded(string eventId, string chargeId, string paymentIntentId, string? orderId, long amount, long amountRefunded, string currency) =>
        Event(eventId, "charge.refunded", new JsonObject
        {
            ["id"] = chargeId,
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_refunded"] = amountRefunded,
            ["currency"] = currency,
            ["metadata"] = Metadata(orderId),
            ["paid"] = true,
            ["payment_intent"] = paymentIntentId,
            ["refunded"] = amount == amountRefunded,
        });

    public static string Other(string eventId, string type) =>
        Event(eventId, type, new JsonObject { ["id"] = "cus_" + Guid.NewGuid().ToString("N"), ["object"] = "customer" });

    public static string Event(string eventId, string type, JsonObject dataObject) =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = "2024-06-20",
            ["created"] = 1_768_478_400,
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();

    private static JsonObject PaymentIntent(string id, string? orderId, long amount, long amountReceived, string currency, string status) =>
        new()
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_received"] = amountReceived,
            ["currency"] = currency,
            ["metadata"] = Metadata(orderId),
            ["status"] = status,
        };

    private static JsonObject Metadata(string? orderId) => orderId is null ? [] : new JsonObject { ["order_id"] = orderId };
}
