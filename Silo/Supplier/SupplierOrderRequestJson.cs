using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

internal sealed record SupplierOrderRequestJson(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("reference")] string Reference);
