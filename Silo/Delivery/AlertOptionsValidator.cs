using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>Checks at start-up that every <see cref="AlertOptions.Email"/> address is one.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bad = options.Recipients.Where(a => !MailAddress.TryCreate(a, out var parsed) || parsed.Address != a).ToList();
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl)
            && !(Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            return ValidateOptionsResult.Fail("Alerts:WebhookUrl must be an absolute http or https URL");
        }

        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Alerts:Email must be email addresses separated by commas; not an address: {string.Join(", ", bad)}");
    }
}
