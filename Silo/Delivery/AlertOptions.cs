namespace Orleans.Delivery.Silo.Delivery;

/// <summary>Where operator alerts go besides the log and the <c>alerts</c> stream; bound from the <c>Alerts</c> section.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// The operators' address, or several separated by commas or semicolons. Each alert is emailed there through the
    /// configured mail service. Default: none (alerts are logged and kept in the <c>alerts</c> stream only).
    /// </summary>
    public string? Email { get; set; }

    /// <summary>
    /// An outgoing webhook (http or https URL) the operations alerts are posted to as JSON with a Slack-compatible
    /// <c>text</c> field (a Slack or Mattermost incoming webhook works as is). Default: none.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The addresses in <see cref="Email"/>, trimmed, without empty entries.</summary>
    public IReadOnlyList<string> Recipients =>
        (Email ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
