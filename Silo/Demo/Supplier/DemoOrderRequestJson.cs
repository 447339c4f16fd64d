using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

/// <summary>A <c>POST /orders</c> body, as the code-delivery guide's supplier API takes it.</summary>
internal sealed record DemoOrderRequestJson(
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("quantity")] int? Quantity,
    [property: JsonPropertyName("reference")] string? Reference);
