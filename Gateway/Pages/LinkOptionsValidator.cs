using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Validates <see cref="LinkOptions"/> at start-up.</summary>
public sealed class LinkOptionsValidator : IValidateOptions<LinkOptions>
{
    public ValidateOptionsResult Validate(string? name, LinkOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Secret))
        {
            if (string.IsNullOrWhiteSpace(options.SecretFile))
            {
                failures.Add(
                    "Links:Secret is required: a random string of at least 32 characters, the same on every gateway " +
                    "(e.g. `openssl rand -base64 32`). A single node may instead set Links:SecretFile to have one generated.");
            }
        }
        else if (options.Secret.Length < PersistedSecret.MinLength)
        {
            failures.Add($"Links:Secret must be at least {PersistedSecret.MinLength} characters.");
        }

        if (options.PreviousSecrets.Any(s => string.IsNullOrEmpty(s) || s.Length < PersistedSecret.MinLength))
        {
            failures.Add($"Every entry of Links:PreviousSecrets must be at least {PersistedSecret.MinLength} characters.");
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var publicBase) || publicBase.Scheme is not ("http" or "https"))
        {
            failures.Add("Links:PublicBaseUrl must be an absolute http(s) URL, the gateway's address as buyers reach it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
