using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

internal sealed record ErrorJson([property: JsonPropertyName("error")] string Error);
