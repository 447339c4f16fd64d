using System.Text.Json;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Small readers over a parsed webhook body that treat wrong types like absent values.</summary>
internal static class WebhookJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static JsonDocument? TryParseObject(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object && reader.BytesConsumed == payload.Length)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>A non-empty string property, else null.</summary>
    public static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e
        && e.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public static long? Int64(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e
        && e.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var number)
            ? number
            : null;
}
