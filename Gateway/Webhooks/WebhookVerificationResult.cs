namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>The outcome of checking a webhook's signature. Failures carry a <see cref="WebhookErrorCodes"/> code.</summary>
public sealed record WebhookVerificationResult
{
    private WebhookVerificationResult(string? errorCode) => ErrorCode = errorCode;

    public static WebhookVerificationResult Valid { get; } = new((string?)null);

    /// <summary>Null when the signature is valid.</summary>
    public string? ErrorCode { get; }

    public bool IsValid => ErrorCode is null;

    public static WebhookVerificationResult Invalid(string errorCode) => new(errorCode);
}
