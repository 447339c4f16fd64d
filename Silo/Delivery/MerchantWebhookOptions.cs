using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>How the silo calls merchants' fulfillment webhooks; bound from the <c>MerchantWebhooks</c> section.</summary>
public sealed class MerchantWebhookOptions
{
    public const string SectionName = "MerchantWebhooks";

    /// <summary>How long one call may take, answer included. Default 15 seconds; between 1 second and 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest answer read as a license text. Default 64 KiB; between 1 KiB and 1 MiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxAnswerBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Whether calls may reach loopback, private, link-local, shared, unique-local and metadata addresses. Default false:
    /// a seller's URL must not reach our own network. Turn on for local development and tests only.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }
}
