namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Signing of the durable links in emails and pages (configuration section <c>Links</c>).</summary>
public sealed class LinkOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Links";

    /// <summary>
    /// The secret new links are signed with (HMAC-SHA256), at least 32 characters, the same on every gateway. Required
    /// in production. Default: none.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Secrets that signed links still in buyers' mailboxes: accepted, never used to sign. To rotate, move the old
    /// <see cref="Secret"/> here and set a new one. Default: none.
    /// </summary>
    public List<string> PreviousSecrets { get; set; } = [];

    /// <summary>
    /// For one machine only (the single-node default): when <see cref="Secret"/> is not set, the secret is read from
    /// this file, or generated (32 random bytes) and written there on first start. Default: none, so a gateway without a
    /// configured secret refuses to start rather than sign links other gateways would reject.
    /// </summary>
    public string? SecretFile { get; set; }

    /// <summary>
    /// The gateway's public address, which links in emails start with (e.g. <c>https://shop.example.com</c>).
    /// Default: <c>http://localhost:5000</c>, the single-node default's address.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
}
