using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>
/// Plays PayPal's signing side: an RSA key with a self-signed certificate (served as PEM by the simulator), and
/// signatures over <c>transmissionId|transmissionTime|webhookId|crc32(body)</c> with SHA256withRSA.
/// </summary>
public sealed class PayPalWebhookSigner : IDisposable
{
    private readonly RSA _key;

    public PayPalWebhookSigner(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _key = RSA.Create(2048);
        var request = new CertificateRequest("CN=messageverificationcerts.sandbox.paypal.com, O=Simulator", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(notBefore, notAfter);
        CertificatePem = Certificate.ExportCertificatePem();
    }

    /// <summary>A certificate valid from a year ago for ten years, by the real clock.</summary>
    public PayPalWebhookSigner()
        : this(TimeProvider.System.GetUtcNow().AddYears(-1), TimeProvider.System.GetUtcNow().AddYears(10))
    {
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>The base64 signature PayPal puts in <c>PAYPAL-TRANSMISSION-SIG</c>.</summary>
    public string Sign(string transmissionId, string transmissionTime, string webhookId, ReadOnlySpan<byte> body)
    {
        var crc = Crc32.HashToUInt32(body).ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{transmissionId}|{transmissionTime}|{webhookId}|{crc}");
        return Convert.ToBase64String(_key.SignData(signed, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Signs <paramref name="body"/> as a delivery sent at <paramref name="sentAt"/>.</summary>
    public PayPalSignedWebhook SignDelivery(string body, string webhookId, Uri certificateUrl, DateTimeOffset sentAt, string? transmissionId = null)
    {
        transmissionId ??= Guid.NewGuid().ToString();
        // PayPal's format, e.g. 2026-01-15T12:00:00Z.
        var time = sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new PayPalSignedWebhook(transmissionId, time, Sign(transmissionId, time, webhookId, Encoding.UTF8.GetBytes(body)), certificateUrl.AbsoluteUri);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
