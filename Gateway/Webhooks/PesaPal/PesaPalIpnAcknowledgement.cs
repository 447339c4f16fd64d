using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Delivery.Gateway.Webhooks.PesaPal;

/// <summary>
/// The JSON body PesaPal expects back from an IPN URL: the three IPN fields echoed, and <c>status</c> 200 when we
/// recorded the notification or 500 when we did not (PesaPal then calls again).
/// </summary>
public sealed record PesaPalIpnAcknowledgement(
    [property: JsonPropertyName("orderNotificationType")] string? OrderNotificationType,
    [property: JsonPropertyName("orderTrackingId")] string? OrderTrackingId,
    [property: JsonPropertyName("orderMerchantReference")] string? OrderMerchantReference,
    [property: JsonPropertyName("status")] int Status)
{
    public const int Recorded = 200;
    public const int NotRecorded = 500;

    /// <summary>The answer to <paramref name="ipn"/>: status 200 when it was durably recorded, else 500.</summary>
    public static PesaPalIpnAcknowledgement For(PesaPalIpn ipn, bool recorded) =>
        new(ipn.OrderNotificationType, ipn.OrderTrackingId, ipn.OrderMerchantReference, recorded ? Recorded : NotRecorded);

    /// <summary>The answer to an IPN that could not be parsed: whatever fields arrived, status 500.</summary>
    public static PesaPalIpnAcknowledgement Failed(string? trackingId, string? merchantReference, string? notificationType) =>
        new(notificationType ?? PesaPalIpnParser.DefaultNotificationType, trackingId, merchantReference, NotRecorded);

    public string ToJson() => JsonSerializer.Serialize(this, PesaPalJsonContext.Default.PesaPalIpnAcknowledgement);
}

[JsonSerializable(typeof(PesaPalIpnAcknowledgement))]
internal sealed partial class PesaPalJsonContext : JsonSerializerContext;
