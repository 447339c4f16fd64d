using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>The body we POST to a merchant's fulfillment webhook.</summary>
internal sealed record MerchantWebhookJson(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("idempotency_key")] string IdempotencyKey,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("product_name")] string ProductName,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("customer_email")] string CustomerEmail,
    [property: JsonPropertyName("customer_name")] string? CustomerName,
    [property: JsonPropertyName("amount_minor")] long AmountMinor,
    [property: JsonPropertyName("currency")] string Currency);

[JsonSerializable(typeof(MerchantWebhookJson))]
internal sealed partial class MerchantWebhookJsonContext : JsonSerializerContext;
