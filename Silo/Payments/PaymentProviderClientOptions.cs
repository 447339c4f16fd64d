namespace Orleans.Delivery.Silo.Payments;

/// <summary>Settings shared by every payment-provider API client.</summary>
public abstract class PaymentProviderClientOptions
{
    /// <summary>The provider's API root, e.g. <c>https://api.stripe.com/</c>. Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Time limit for one HTTP attempt, including reading the response. Default: 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a transient failure (network error, timeout, 408, 429, 5xx). Default: 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal virtual void Validate(string provider, List<string> failures)
    {
        if (BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{provider} BaseUrl must be an absolute http(s) URL.");
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{provider} AttemptTimeout must be between 0 and 5 minutes.");
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{provider} MaxRetryAttempts must be between 0 and 10.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{provider} RetryBaseDelay must be between 0 and 1 minute.");
        }
    }

    protected static void Require(string? value, string description, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{description} is required.");
        }
    }
}
