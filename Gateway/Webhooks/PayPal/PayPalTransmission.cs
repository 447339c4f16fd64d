using Microsoft.AspNetCore.Http;

namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>The signature headers PayPal sends with every webhook delivery.</summary>
public sealed record PayPalTransmission(
    string? TransmissionId,
    string? TransmissionTime,
    string? TransmissionSignature,
    string? CertificateUrl,
    string? AuthAlgorithm)
{
    public const string TransmissionIdHeader = "PAYPAL-TRANSMISSION-ID";
    public const string TransmissionTimeHeader = "PAYPAL-TRANSMISSION-TIME";
    public const string TransmissionSignatureHeader = "PAYPAL-TRANSMISSION-SIG";
    public const string CertificateUrlHeader = "PAYPAL-CERT-URL";
    public const string AuthAlgorithmHeader = "PAYPAL-AUTH-ALGO";

    /// <summary>Reads the headers of a request; absent or repeated headers become null.</summary>
    public static PayPalTransmission FromHeaders(IHeaderDictionary headers) =>
        new(
            Single(headers, TransmissionIdHeader),
            Single(headers, TransmissionTimeHeader),
            Single(headers, TransmissionSignatureHeader),
            Single(headers, CertificateUrlHeader),
            Single(headers, AuthAlgorithmHeader));

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0])
            ? values[0]
            : null;
}
