using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

internal sealed record WebhookJson(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("items")] IReadOnlyList<ItemJson> Items,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset OccurredAt);
