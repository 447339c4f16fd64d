using System.Security.Cryptography;
using System.Text;
using Orleans.Delivery.Gateway.Supplier;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>Turns an authenticated supplier webhook body into a <see cref="SupplierNotification"/>.</summary>
public static class SupplierWebhookParser
{
    /// <summary>What a derived event id starts with, so it is never mistaken for one the supplier sent.</summary>
    public const string DerivedEventIdPrefix = "body-";

    private static readonly byte[] Separator = [0];

    /// <summary>Parses the raw body with the default field names.</summary>
    public static SupplierWebhookParseResult Parse(ReadOnlySpan<byte> body) => Parse(body, SupplierOrderReader.Default);

    /// <summary>
    /// Parses the raw body with the supplier's field names. Unknown fields are ignored; a missing order id,
    /// reference or status is an error. A webhook without an event id gets one derived from its body
    /// (<see cref="DerivedEventId"/>).
    /// </summary>
    public static SupplierWebhookParseResult Parse(ReadOnlySpan<byte> body, SupplierOrderReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!WebhookJson.HasReadableText(body))
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MalformedJson, "The body is not JSON, or a string in it is not valid UTF-8 or Unicode.");
        }

        var read = reader.Read(body);
        if (!read.IsValid)
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MalformedJson, read.Problem!);
        }

        var json = read.Order!;
        var fields = reader.Fields;
        if (json.OrderId is null)
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingOrderId, $"{fields.OrderId} is required.");
        }

        if (json.Reference is null)
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingReference, $"{fields.Reference} is required.");
        }

        if (json.StatusText is null)
        {
            return SupplierWebhookParseResult.Invalid(SupplierWebhookErrors.MissingStatus, $"{fields.Status} is required.");
        }

        if ((Identifier.Check(json.EventId, fields.EventId) ?? Identifier.Check(json.OrderId, fields.OrderId)
            ?? Identifier.Check(json.Reference, fields.Reference) ?? Identifier.Check(json.StatusText, fields.Status)) is { } invalid)
        {
            return SupplierWebhookParseResult.Invalid(invalid);
        }

        // A status we do not understand is passed on as sent: the order treats it as news of nothing.
        var status = json.Status?.ToString().ToLowerInvariant() ?? json.StatusText.Trim().ToLowerInvariant();
        var eventId = json.EventId ?? DerivedEventId(json.OrderId, status, body);
        return SupplierWebhookParseResult.Parsed(new SupplierNotification(
            eventId, json.OrderId, json.Reference, status, json.Items, json.OccurredAt, json.Error));
    }

    /// <summary>
    /// The event id of a webhook the supplier sent without one: <c>body-</c> and the lower-case hex SHA-256 of the
    /// order id, the status and the raw body (each part followed by a zero byte but the last). The same webhook
    /// resent is the same event, hence a duplicate; a new status, or anything else changed in the body, is a new one.
    /// </summary>
    public static string DerivedEventId(string orderId, string status, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(orderId));
        hash.AppendData(Separator);
        hash.AppendData(Encoding.UTF8.GetBytes(status));
        hash.AppendData(Separator);
        hash.AppendData(body);
        return DerivedEventIdPrefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
