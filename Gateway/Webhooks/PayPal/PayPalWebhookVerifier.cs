using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>
/// Verifies a PayPal webhook the way PayPal documents self-verification: the RSA-SHA256 signature in
/// <c>PAYPAL-TRANSMISSION-SIG</c> over <c>transmissionId|transmissionTime|webhookId|crc32(body)</c> (CRC32 of the
/// raw body as an unsigned decimal), checked with the public key of the certificate at <c>PAYPAL-CERT-URL</c>.
/// Trust in that certificate comes from fetching it only from allow-listed PayPal hosts over HTTPS.
/// </summary>
/// <remarks>
/// PayPal also offers a verify-webhook-signature API, but that is an outbound call per webhook; here the only
/// outbound call is the certificate download, once per certificate, and it can be prefetched.
/// </remarks>
public sealed class PayPalWebhookVerifier
{
    /// <summary>The only algorithm PayPal signs webhooks with.</summary>
    public const string SupportedAlgorithm = "SHA256withRSA";

    private readonly PayPalCertificateCache _certificates;
    private readonly PayPalWebhookOptions _options;
    private readonly TimeProvider _timeProvider;

    public PayPalWebhookVerifier(PayPalCertificateCache certificates, IOptions<PayPalWebhookOptions> options, TimeProvider timeProvider)
    {
        _certificates = certificates;
        _options = PayPalWebhookOptionsValidator.ValidOrThrow(options.Value);
        _timeProvider = timeProvider;
    }

    public async Task<WebhookVerificationResult> VerifyAsync(
        PayPalTransmission transmission, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (transmission is not
            {
                TransmissionId: { } transmissionId,
                TransmissionTime: { } transmissionTime,
                TransmissionSignature: { } signatureText,
                CertificateUrl: { } certificateUrlText,
                AuthAlgorithm: { } algorithm,
            })
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.MissingSignature);
        }

        if (!string.Equals(algorithm, SupportedAlgorithm, StringComparison.OrdinalIgnoreCase))
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.UnsupportedAlgorithm);
        }

        // Checked before anything is fetched: a forged header must not make us call an arbitrary host.
        if (!Uri.TryCreate(certificateUrlText, UriKind.Absolute, out var certificateUrl) || !_certificates.IsAllowed(certificateUrl))
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.CertificateUrlNotAllowed);
        }

        if (!DateTimeOffset.TryParse(transmissionTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.MalformedSignature);
        }

        var now = _timeProvider.GetUtcNow();
        if ((now - sentAt).Duration() > _options.TransmissionTimeTolerance)
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.TimestampOutsideTolerance);
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureText);
        }
        catch (FormatException)
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.MalformedSignature);
        }

        var certificate = await _certificates.GetAsync(certificateUrl, cancellationToken);
        if (certificate is null)
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.CertificateUnavailable);
        }

        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.CertificateExpired);
        }

        using var publicKey = certificate.GetRSAPublicKey();
        if (publicKey is null)
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.CertificateUnavailable);
        }

        var signed = Encoding.UTF8.GetBytes(SignedString(transmissionId, transmissionTime, _options.WebhookId, body.Span));
        return publicKey.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? WebhookVerificationResult.Valid
            : WebhookVerificationResult.Invalid(WebhookErrorCodes.SignatureMismatch);
    }

    /// <summary>The string PayPal signs; the time is used exactly as sent, not re-formatted.</summary>
    public static string SignedString(string transmissionId, string transmissionTime, string webhookId, ReadOnlySpan<byte> body) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{transmissionId}|{transmissionTime}|{webhookId}|{Crc32.HashToUInt32(body)}");
}
