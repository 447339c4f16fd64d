using System.Text.Json.Serialization;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>What a link token signs. Short property names: the token travels in URLs.</summary>
internal sealed record LinkTokenPayload(
    [property: JsonPropertyName("p")] string Purpose,
    [property: JsonPropertyName("c")] string? CustomerId = null,
    [property: JsonPropertyName("e")] string? EntitlementId = null,
    [property: JsonPropertyName("o")] string? OrderId = null,
    [property: JsonPropertyName("x")] long? ExpiresAt = null);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinkTokenPayload))]
internal sealed partial class LinkTokenJson : JsonSerializerContext;
