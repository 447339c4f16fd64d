using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Demo.Supplier;

/// <summary>One code of a demo supplier order.</summary>
internal sealed record DemoItemJson(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("pin")] string? Pin,
    [property: JsonPropertyName("instructions")] string Instructions);
