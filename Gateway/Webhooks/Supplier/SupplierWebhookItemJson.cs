using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

internal sealed record SupplierWebhookItemJson(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("pin")] string? Pin,
    [property: JsonPropertyName("serial")] JsonElement? Serial,
    [property: JsonPropertyName("denomination")] decimal? Denomination);
