using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

// The supplier's order shape, shared by POST /orders, GET /orders/{id} and GET /orders?reference=.
internal sealed record SupplierOrderJson(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("items")] IReadOnlyList<SupplierItemJson?>? Items,
    [property: JsonPropertyName("error")] string? Error);
