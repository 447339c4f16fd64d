using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>
/// How the gateway authenticates the code supplier's webhooks. Bound from the <c>Supplier:Webhook</c> section.
/// </summary>
/// <remarks>
/// <para>The signing scheme: the supplier puts the Unix time in whole seconds in <see cref="TimestampHeader"/>
/// (e.g. <c>X-Supplier-Timestamp: 1767225600</c>) and <c>sha256=&lt;hex&gt;</c> in <see cref="SignatureHeader"/>
/// (e.g. <c>X-Supplier-Signature: sha256=5d41…</c>), where <c>&lt;hex&gt;</c> is the hex (either case) of
/// HMAC-SHA256 keyed with the UTF-8 bytes of <see cref="Secret"/> over the UTF-8 string
/// <c>{timestamp}.{raw request body}</c>: the timestamp header's value, one dot, then the body bytes exactly as
/// received. The header may carry several comma-separated signatures (a supplier rotating its secret); one match
/// is enough.</para>
/// <para>Binding the timestamp into the signed string means a captured webhook cannot be replayed once it is
/// older than <see cref="Tolerance"/>. A supplier that signs the body alone is supported by setting
/// <see cref="TimestampHeader"/> to an empty string: then the signed string is the raw body and no age check is
/// made (replays are left to the order grain's event-id idempotency).</para>
/// </remarks>
public sealed class SupplierWebhookOptions
{
    /// <summary>The configuration section these options bind from: <c>Supplier:Webhook</c>.</summary>
    public const string SectionName = "Supplier:Webhook";

    /// <summary>The shared secret the supplier signs with. Required, at least 16 characters. No default.</summary>
    [Required]
    [MinLength(16)]
    public string Secret { get; set; } = "";

    /// <summary>The header that carries the signature. Default <c>X-Supplier-Signature</c>.</summary>
    [Required]
    public string SignatureHeader { get; set; } = "X-Supplier-Signature";

    /// <summary>The scheme prefix in front of the hex digest. Default <c>sha256=</c>; may be empty for a bare
    /// hex digest.</summary>
    public string SignaturePrefix { get; set; } = "sha256=";

    /// <summary>The header that carries the Unix timestamp (seconds) included in the signed string. Default
    /// <c>X-Supplier-Timestamp</c>. Empty: the supplier signs the body alone and no age check is made.</summary>
    public string TimestampHeader { get; set; } = "X-Supplier-Timestamp";

    /// <summary>How far the signed timestamp may be from the gateway's clock, either way. Default 5 minutes;
    /// between 1 second and 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
