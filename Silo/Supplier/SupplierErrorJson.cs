using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

internal sealed record SupplierErrorJson(
    [property: JsonPropertyName("error")] string? Error);
