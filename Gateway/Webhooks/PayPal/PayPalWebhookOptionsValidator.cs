using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>Validates <see cref="PayPalWebhookOptions"/> at start-up and on construction of the verifier.</summary>
public sealed class PayPalWebhookOptionsValidator : IValidateOptions<PayPalWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, PayPalWebhookOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WebhookId))
        {
            failures.Add("PayPal WebhookId is required.");
        }

        if (options.AllowedCertificateHosts is not { Length: > 0 } hosts || hosts.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("PayPal AllowedCertificateHosts must list at least one host and no empty entries.");
        }

        if (options.TransmissionTimeTolerance <= TimeSpan.Zero)
        {
            failures.Add("PayPal TransmissionTimeTolerance must be positive.");
        }

        if (options.CertificateCacheLifetime <= TimeSpan.Zero)
        {
            failures.Add("PayPal CertificateCacheLifetime must be positive.");
        }

        if (options.MaxCachedCertificates < 1)
        {
            failures.Add("PayPal MaxCachedCertificates must be at least 1.");
        }

        if (options.MaxCertificateBytes < 1024)
        {
            failures.Add("PayPal MaxCertificateBytes must be at least 1024.");
        }

        if (options.CertificateFetchTimeout <= TimeSpan.Zero)
        {
            failures.Add("PayPal CertificateFetchTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static PayPalWebhookOptions ValidOrThrow(PayPalWebhookOptions options)
    {
        var result = new PayPalWebhookOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(nameof(PayPalWebhookOptions), typeof(PayPalWebhookOptions), result.Failures)
            : options;
    }
}
