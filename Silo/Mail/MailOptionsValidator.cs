using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Checks <see cref="MailOptions"/> at start-up. Hand-written rather than data annotations because what is
/// required depends on the chosen provider.
/// </summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.EffectiveProvider)
        {
            case MailOptions.SmtpProvider:
                ValidateSmtp(options.Smtp, failures);
                break;
            case MailOptions.SendGridProvider:
                ValidateSendGrid(options.SendGrid, failures);
                break;
            case MailOptions.PickupProvider:
                if (string.IsNullOrWhiteSpace(options.PickupDirectory))
                {
                    failures.Add("Mail:PickupDirectory is required for the pickup provider.");
                }

                break;
            default:
                failures.Add($"Mail:Provider '{options.Provider}' is not one of smtp, sendgrid, pickup.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static MailOptions ValidOrThrow(MailOptions options)
    {
        var result = new MailOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(nameof(MailOptions), typeof(MailOptions), result.Failures) : options;
    }

    private static void ValidateSmtp(SmtpOptions smtp, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add("Mail:Smtp:Host is required for the smtp provider.");
        }

        if (smtp.Port is < 1 or > 65_535)
        {
            failures.Add("Mail:Smtp:Port must be between 1 and 65535.");
        }

        if (smtp.Timeout <= TimeSpan.Zero || smtp.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Mail:Smtp:Timeout must be more than 0 and at most 10 minutes.");
        }

        if (string.IsNullOrEmpty(smtp.UserName) != string.IsNullOrEmpty(smtp.Password))
        {
            failures.Add("Mail:Smtp:UserName and Mail:Smtp:Password go together: set both or neither.");
        }
    }

    private static void ValidateSendGrid(SendGridOptions sendGrid, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(sendGrid.ApiKey))
        {
            failures.Add("Mail:SendGrid:ApiKey is required for the sendgrid provider.");
        }

        if (sendGrid.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Mail:SendGrid:BaseUrl must be an absolute http(s) URL.");
        }

        if (sendGrid.AttemptTimeout <= TimeSpan.Zero || sendGrid.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Mail:SendGrid:AttemptTimeout must be more than 0 and at most 5 minutes.");
        }

        if (sendGrid.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add("Mail:SendGrid:MaxRetryAttempts must be between 0 and 10.");
        }

        if (sendGrid.RetryBaseDelay < TimeSpan.Zero || sendGrid.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Mail:SendGrid:RetryBaseDelay must be between 0 and 1 minute.");
        }

        if (sendGrid.MaxRetryAfter < TimeSpan.Zero || sendGrid.MaxRetryAfter > TimeSpan.FromMinutes(10))
        {
            failures.Add("Mail:SendGrid:MaxRetryAfter must be between 0 and 10 minutes.");
        }
    }
}
