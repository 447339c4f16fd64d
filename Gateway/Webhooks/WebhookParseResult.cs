namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Either a <see cref="PaymentNotification"/> or a stable error code; parsers never throw.</summary>
public sealed record WebhookParseResult
{
    private WebhookParseResult(PaymentNotification? notification, string? errorCode, string? errorDetail)
    {
        Notification = notification;
        ErrorCode = errorCode;
        ErrorDetail = errorDetail;
    }

    public PaymentNotification? Notification { get; }

    /// <summary>One of <see cref="WebhookErrorCodes"/>; null on success.</summary>
    public string? ErrorCode { get; }

    /// <summary>A short human-readable explanation, safe to return to the sender (no payload echo).</summary>
    public string? ErrorDetail { get; }

    public bool IsSuccess => Notification is not null;

    public static WebhookParseResult Success(PaymentNotification notification) => new(notification, null, null);

    public static WebhookParseResult Failure(string errorCode, string detail) => new(null, errorCode, detail);
}
