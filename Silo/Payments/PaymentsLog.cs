using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>Log messages of the payment-provider clients; event ids 3100–3199 are reserved for them.</summary>
internal static partial class PaymentsLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "{Provider} {Operation} attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string provider, string operation, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "{Provider} {Operation} unavailable: {Reason}")]
    public static partial void Unavailable(ILogger logger, string provider, string operation, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "{Provider} access token obtained, valid until {ExpiresAt}")]
    public static partial void TokenObtained(ILogger logger, string provider, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "{Provider} refused our credentials: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "{Provider} refund {RefundId} accepted for payment {PaymentReference}")]
    public static partial void RefundAccepted(ILogger logger, string provider, string refundId, string paymentReference);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "{Provider} refund for payment {PaymentReference} rejected: {Reason}")]
    public static partial void RefundRejected(ILogger logger, string provider, string paymentReference, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "{Provider} refund {Step} of order {OrderId} cannot be requested: {Field} is not valid")]
    public static partial void RefundNotRequestable(ILogger logger, string provider, string orderId, string step, string field);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "{Provider} status lookup for order {OrderId} found a {Status} payment made for another order; ignored")]
    public static partial void LookupForOtherOrder(ILogger logger, string provider, string orderId, string status);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Reconciliation found order {OrderId} paid at {Provider} ({PaymentReference}) although no webhook confirmed it")]
    public static partial void ReconciledPayment(ILogger logger, string orderId, string provider, string paymentReference);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Information, Message = "Reconciliation of order {OrderId}: {Provider} order {ProviderOrderId} is {Status} with no completed capture; left to the merchant's capture")]
    public static partial void ProviderOrderNotCaptured(ILogger logger, string orderId, string provider, string providerOrderId, string status);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Reconciliation of order {OrderId}: {Provider} order {ProviderOrderId} {Outcome}; asked again on a later sweep")]
    public static partial void ProviderOrderNotRead(ILogger logger, string orderId, string provider, string providerOrderId, string outcome);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Reconciliation of order {OrderId}: {Provider} order {ProviderOrderId} was paid for order {OtherOrderId}; ignored")]
    public static partial void ProviderOrderForOtherOrder(ILogger logger, string orderId, string provider, string providerOrderId, string otherOrderId);
}
