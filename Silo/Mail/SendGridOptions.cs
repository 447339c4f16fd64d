namespace Orleans.Delivery.Silo.Mail;

/// <summary>A SendGrid account and how we call its v3 Mail Send API; bound from <c>Mail:SendGrid</c>.</summary>
public sealed class SendGridOptions
{
    /// <summary>An API key with the Mail Send permission. Required for the <c>sendgrid</c> provider; no default.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API root; <c>/v3/mail/send</c> is resolved against it. Default: <c>https://api.sendgrid.com</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    /// <summary>Time limit for one HTTP attempt, including reading the answer. Default: 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries within one send after a transient failure (network error, attempt timeout, 408, 429, 5xx), 0–10.
    /// After the last one the send fails and the outbox retries later. Default: 3.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait a 429's <c>Retry-After</c> may impose within one send; a longer one fails the send at once
    /// (carrying the wait in <see cref="MailSendException.RetryAfter"/>) so the outbox retries later instead of
    /// holding a worker. Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
