using System.Text.Json;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>Turns an authenticated supplier webhook body into a <see cref="SupplierNotification"/>.</summary>
public static class SupplierWebhookParser
{
    /// <summary>Parses the raw body. Unknown fields are ignored; missing identifiers are errors.</summary>
    public static SupplierWebhookParseResult Parse(ReadOnlySpan<byte> body)
    {
        if (!WebhookJson.HasReadableText(body))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MalformedJson, "The body is not JSON, or a string in it is not valid UTF-8 or Unicode.");
        }

        SupplierWebhookJson? json;
        try
        {
            json = JsonSerializer.Deserialize(body, SupplierWebhookJsonContext.Default.SupplierWebhookJson);
        }
        catch (JsonException e)
        {
            // The serializer's message names the path and position, never the offending value.
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MalformedJson, e.Message);
        }

        if (json is null)
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MalformedJson, "The body is not a JSON object.");
        }

        if (string.IsNullOrWhiteSpace(json.EventId))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingEventId, "event_id is required.");
        }

        if (string.IsNullOrWhiteSpace(json.OrderId))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingOrderId, "order_id is required.");
        }

        if (string.IsNullOrWhiteSpace(json.Reference))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingReference, "reference is required.");
        }

        if (string.IsNullOrWhiteSpace(json.Status))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingStatus, "status is required.");
        }

        if ((Identifier.Check(json.EventId, "event_id") ?? Identifier.Check(json.OrderId, "order_id")
            ?? Identifier.Check(json.Reference, "reference") ?? Identifier.Check(json.Status, "status")) is { } invalid)
        {
            return SupplierWebhookParseResult.Invalid(invalid);
        }

        var items = new List<SupplierItem>(json.Items?.Count ?? 0);
        foreach (var item in json.Items ?? [])
        {
            // A null entry or a null code is kept as an empty code: the code validator refuses it with a reason,
            // which is more useful downstream than refusing the whole webhook here.
            items.Add(new SupplierItem(item?.Code ?? "", item?.Pin, SerialText(item?.Serial), item?.Denomination));
        }

        return SupplierWebhookParseResult.Parsed(new SupplierNotification(
            json.EventId, json.OrderId, json.Reference, json.Status.Trim().ToLowerInvariant(), items, json.OccurredAt));
    }

    private static string? SerialText(JsonElement? serial) => serial switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };
}
