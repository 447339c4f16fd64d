using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Delivery.Gateway.Webhooks.Stripe;

/// <summary>
/// A <c>payment_intent.succeeded</c> event for one order, signed the way Stripe signs webhooks:
/// <c>Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>. The demo's <c>pay</c> command and the
/// console's test orders pay with it; <see cref="StripeSignatureVerifier"/> is the other half of the scheme.
/// </summary>
public sealed record StripeTestPayment(string EventId, string Body, string Signature)
{
    /// <param name="label">Marks the event and payment ids: <c>evt_{label}_…</c>, <c>pi_{label}_…</c>.</param>
    public static StripeTestPayment Create(string orderId, long amountMinor, string currency, string secret, DateTimeOffset now, string label = "demo")
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var eventId = $"evt_{label}_{suffix}";
        var body = new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["type"] = "payment_intent.succeeded",
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = $"pi_{label}_{suffix}",
                    ["object"] = "payment_intent",
                    ["amount"] = amountMinor,
                    ["amount_received"] = amountMinor,
                    // Stripe writes currencies in lower case.
                    ["currency"] = currency.ToLowerInvariant(),
                    ["status"] = "succeeded",
                    ["metadata"] = new JsonObject { ["order_id"] = orderId },
                },
            },
        }.ToJsonString();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return new StripeTestPayment(eventId, body, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
