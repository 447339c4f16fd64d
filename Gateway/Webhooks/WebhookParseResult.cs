using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Either a <see cref="PaymentNotification"/> or a stable error code; parsers never throw.</summary>
public sealed record WebhookParseResult
{
    private WebhookParseResult(PaymentNotification? notification, string? errorCode, string? errorDetail, string? field = null)
    {
        Notification = notification;
        ErrorCode = errorCode;
        ErrorDetail = errorDetail;
        Field = field;
    }

    public PaymentNotification? Notification { get; }

    /// <summary>One of <see cref="WebhookErrorCodes"/>; null on success.</summary>
    public string? ErrorCode { get; }

    /// <summary>A short human-readable explanation, safe to return to the sender (no payload echo).</summary>
    public string? ErrorDetail { get; }

    /// <summary>The field at fault, when the failure is about one.</summary>
    public string? Field { get; }

    public bool IsSuccess => Notification is not null;

    public static WebhookParseResult Success(PaymentNotification notification) => new(notification, null, null);

    public static WebhookParseResult Failure(string errorCode, string detail) => new(null, errorCode, detail);

    public static WebhookParseResult Failure(FieldRefusal refusal) => new(null, refusal.Code, refusal.Detail, refusal.Field);
}
