using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Log messages of the payment webhook layer; event ids 2100–2199 are reserved for it.</summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Fetched PayPal signing certificate from {CertificateHost}{CertificatePath}")]
    public static partial void PayPalCertificateFetched(ILogger logger, string certificateHost, string certificatePath);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Could not fetch PayPal signing certificate from {CertificateHost}{CertificatePath}: {Reason}")]
    public static partial void PayPalCertificateFetchFailed(ILogger logger, string certificateHost, string certificatePath, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Refused PayPal certificate URL on host {CertificateHost}: not in the allow-list")]
    public static partial void PayPalCertificateUrlRefused(ILogger logger, string certificateHost);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Refused a {Provider} webhook: {ErrorCode}")]
    public static partial void SignatureRejected(ILogger logger, string provider, string errorCode);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Recorded {Provider} event {EventId} on order {OrderId}: changed {Changed}, status {Status}")]
    public static partial void Recorded(ILogger logger, string provider, string eventId, string orderId, bool changed, string status);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Kept {Provider} event {EventId} for inspection: {Reason}")]
    public static partial void Unmatched(ILogger logger, string provider, string eventId, string reason);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Debug, Message = "Ignored {Provider} event {EventId} of a type we do not act on")]
    public static partial void Ignored(ILogger logger, string provider, string eventId);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Refused a {Provider} webhook body: {ErrorCode}")]
    public static partial void BodyRejected(ILogger logger, string provider, string errorCode);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Warning, Message = "A failed {Source} webhook (HTTP {Status}) could not be recorded for the alert rules: {Reason}")]
    public static partial void FailureNotRecorded(ILogger logger, string source, int status, string reason);
}
