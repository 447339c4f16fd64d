using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Supplier;

// Serial is read as an element because suppliers send it as a string or as a number.
internal sealed record SupplierItemJson(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("pin")] string? Pin,
    [property: JsonPropertyName("serial")] JsonElement? Serial,
    [property: JsonPropertyName("denomination")] decimal? Denomination);
