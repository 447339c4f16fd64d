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
}
