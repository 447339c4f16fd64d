using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// How the silo calls the code supplier's API (<c>POST /orders</c>, <c>GET /orders/{id}</c>,
/// <c>GET /orders?reference=</c>, <c>GET /balance</c>). Bound from the <c>Supplier</c> section; validated at start-up.
/// </summary>
public sealed class SupplierOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from: <c>Supplier</c>.</summary>
    public const string SectionName = "Supplier";

    /// <summary>The API root, e.g. <c>https://api.supplier.example/v1/</c>; absolute http or https. Required, no
    /// default. Paths are resolved below it whether or not it ends with a slash.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key sent as <c>Authorization: Bearer &lt;key&gt;</c>. Required, no default. Never logged.</summary>
    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>How long one try may take, from sending to the last byte of the answer. Default 10 seconds;
    /// between 20 milliseconds and 5 minutes. An order placement that times out is reported as possibly
    /// created, never retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many tries one client call may make, the first included. Default 3; between 1 and 5. Lookups
    /// retry on network errors, timeouts, 408, 429 and 5xx; an order placement retries only when the connection
    /// could not be opened, because anything later may already have bought the codes.</summary>
    [Range(1, 5)]
    public int TriesPerAttempt { get; set; } = 3;

    /// <summary>The median delay before the first retry; later retries back off exponentially, with jitter, up to
    /// 10 seconds, or wait for a <c>Retry-After</c> the supplier sent (capped the same). Default 500 milliseconds;
    /// between zero and 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The share of failed tries (network errors, timeouts, 429, 5xx) within
    /// <see cref="BreakerSamplingDuration"/> at which the circuit opens. Default 0.5; above 0, at most 1.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many tries must fall in the sampling window before the failure ratio counts. Default 10; at
    /// least 2.</summary>
    [Range(2, 100_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which the failure ratio is measured. Default 30 seconds; between 0.5 seconds and
    /// 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open (calls answer <c>NotSent</c> at once, without reaching the
    /// supplier) before one probe call is let through. Default 30 seconds; between 0.5 seconds and 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("ApiKey must not be blank.", [nameof(ApiKey)]);
        }
    }
}
