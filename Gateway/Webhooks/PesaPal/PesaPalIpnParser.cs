using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.PesaPal;

/// <summary>
/// Reads a PesaPal API 3.0 IPN, which arrives as a GET query string or a POST JSON body depending on how the IPN URL
/// was registered (<c>ipn_notification_type</c>), with the fields <c>OrderTrackingId</c>,
/// <c>OrderMerchantReference</c> and <c>OrderNotificationType</c>.
/// </summary>
public static class PesaPalIpnParser
{
    public const string DefaultNotificationType = "IPNCHANGE";

    private const string TrackingIdField = "OrderTrackingId";
    private const string MerchantReferenceField = "OrderMerchantReference";
    private const string NotificationTypeField = "OrderNotificationType";

    /// <summary>Parses a GET IPN from its query parameters (e.g. <c>HttpRequest.Query</c>).</summary>
    public static PesaPalIpnParseResult ParseQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        string? Field(string name) =>
            query.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Count: 1 } values
            && !string.IsNullOrWhiteSpace(values[0])
                ? values[0]!.Trim(' ')
                : null;

        return Build(Field(TrackingIdField), Field(MerchantReferenceField), Field(NotificationTypeField));
    }

    /// <summary>Parses a GET IPN from a raw query string, with or without the leading '?'.</summary>
    public static PesaPalIpnParseResult ParseQueryString(string? queryString) =>
        ParseQuery(QueryHelpers.ParseQuery(queryString));

    /// <summary>Parses a POST IPN from its JSON body.</summary>
    public static PesaPalIpnParseResult ParseJson(ReadOnlySpan<byte> body)
    {
        using var document = WebhookJson.TryParseObject(body);
        if (document is null)
        {
            return PesaPalIpnParseResult.Failure(WebhookErrorCodes.MalformedJson, "The body is not a JSON object.");
        }

        string? Field(string name)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
                    && property.Value.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    return property.Value.GetString()!.Trim(' ');
                }
            }

            return null;
        }

        return Build(Field(TrackingIdField), Field(MerchantReferenceField), Field(NotificationTypeField));
    }

    /// <summary>Parses a POST IPN from its JSON body.</summary>
    public static PesaPalIpnParseResult ParseJson(string body) => ParseJson(System.Text.Encoding.UTF8.GetBytes(body));

    private static PesaPalIpnParseResult Build(string? trackingId, string? merchantReference, string? notificationType)
    {
        if (trackingId is null)
        {
            return PesaPalIpnParseResult.Failure(WebhookErrorCodes.MissingTrackingId, "The IPN has no OrderTrackingId.");
        }

        if (merchantReference is null)
        {
            return PesaPalIpnParseResult.Failure(WebhookErrorCodes.MissingMerchantReference, "The IPN has no OrderMerchantReference.");
        }

        // Checked as received, untrimmed but for spaces: a trailing control character must not trim into a valid id.
        if ((Identifier.Check(trackingId, TrackingIdField) ?? Identifier.Check(merchantReference, MerchantReferenceField)
            ?? Identifier.Check(notificationType, NotificationTypeField)) is { } invalid)
        {
            return PesaPalIpnParseResult.Failure(invalid);
        }

        return PesaPalIpnParseResult.Success(new PesaPalIpn(trackingId, merchantReference, notificationType ?? DefaultNotificationType));
    }
}
