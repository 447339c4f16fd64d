using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Delivery.Silo.Demo;

/// <summary>
/// A <c>payment_intent.succeeded</c> event for one order, signed the way Stripe signs webhooks:
/// <c>Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>.
/// </summary>
public sealed record StripeTestPayment(string EventId, string Body, string Signature)
{
    public static StripeTestPayment Create(string orderId, long amountMinor, string currency, string secret, DateTimeOffset now)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var eventId = "evt_demo_" + suffix;
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
                    ["id"] = "pi_demo_" + suffix,
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
