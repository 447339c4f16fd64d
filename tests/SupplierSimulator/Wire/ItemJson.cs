using System.Text.Json.Serialization;

namespace Orleans.Delivery.SupplierSimulator.Wire;

internal sealed record ItemJson(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("pin")] string? Pin,
    [property: JsonPropertyName("serial")] string? Serial,
    [property: JsonPropertyName("denomination")] decimal? Denomination);
