using System.Text.Json.Serialization;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

// The supplier's wire shape, kept apart from SupplierNotification so that the supplier's naming and its loose
// typing (a serial may come as a string or a number) stop here.
internal sealed record SupplierWebhookJson(
    [property: JsonPropertyName("event_id")] string? EventId,
    [property: JsonPropertyName("order_id")] string? OrderId,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("items")] IReadOnlyList<SupplierWebhookItemJson?>? Items,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset? OccurredAt);
