using System.Text.Json;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Small readers over a parsed webhook body that treat wrong types like absent values.</summary>
internal static class WebhookJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>The body as a JSON object, or null when it is not one, or holds text that is not Unicode.</summary>
    public static JsonDocument? TryParseObject(ReadOnlySpan<byte> payload)
    {
        if (!HasReadableText(payload))
        {
            return null;
        }

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

    /// <summary>
    /// True when the body is JSON whose every string and property name decodes to valid UTF-16: no invalid UTF-8 and
    /// no unpaired surrogate escape (I-JSON, RFC 7493). <see cref="JsonDocument"/> accepts both and throws
    /// <see cref="InvalidOperationException"/> only when such a value is read; once this holds, no read can.
    /// </summary>
    public static bool HasReadableText(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsReadable(ref reader))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
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

    private static bool IsReadable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
