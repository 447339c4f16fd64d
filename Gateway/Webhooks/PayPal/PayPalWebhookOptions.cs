namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>Settings for verifying PayPal webhooks (configuration section <c>Payments:PayPal:Webhooks</c>).</summary>
public sealed class PayPalWebhookOptions
{
    /// <summary>The id PayPal assigned to our webhook subscription; it is part of the signed string. Required.</summary>
    public string WebhookId { get; set; } = string.Empty;

    /// <summary>
    /// Hosts a <c>PAYPAL-CERT-URL</c> may point at; any other host is refused before anything is fetched.
    /// Default: <c>api.paypal.com</c>, <c>api.sandbox.paypal.com</c>.
    /// </summary>
    /// <remarks>An array, not a list, so configuration binding replaces the defaults instead of appending to them.</remarks>
    public string[] AllowedCertificateHosts { get; set; } = ["api.paypal.com", "api.sandbox.paypal.com"];

    /// <summary>Accept <c>http</c> certificate URLs. Only for loopback test servers. Default: false (https only).</summary>
    public bool AllowInsecureCertificateUrls { get; set; }

    /// <summary>
    /// How far <c>PAYPAL-TRANSMISSION-TIME</c> may be from our clock, either way. PayPal documents no window; each
    /// delivery attempt (retries included) is a new transmission signed with its own time, so a short window only
    /// refuses replays. Default: 5 minutes.
    /// </summary>
    public TimeSpan TransmissionTimeTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a fetched certificate is reused before it is fetched again. Default: 24 hours.</summary>
    public TimeSpan CertificateCacheLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most certificates kept at once; the oldest are dropped beyond it. Default: 16.</summary>
    public int MaxCachedCertificates { get; set; } = 16;

    /// <summary>The largest certificate response read. Default: 65536 bytes.</summary>
    public int MaxCertificateBytes { get; set; } = 64 * 1024;

    /// <summary>Time limit for one certificate download. Default: 10 seconds.</summary>
    public TimeSpan CertificateFetchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
