namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Log messages of the mail senders; event ids 3300–3399 are reserved for them. Recipients and bodies are never
/// logged (they carry codes and links); the Message-ID identifies a message.
/// </summary>
internal static partial class MailLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Mail {MessageId} handed to {Provider}")]
    public static partial void Sent(ILogger logger, string messageId, string provider);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Mail {MessageId} not sent via {Provider}; it will be retried: {Reason}")]
    public static partial void Failed(ILogger logger, string messageId, string provider, string reason);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "Mail {MessageId} refused by {Provider}; retrying will not help: {Reason}")]
    public static partial void Rejected(ILogger logger, string messageId, string provider, string reason);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Mail {MessageId}: SendGrid attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    public static partial void SendGridRetrying(ILogger logger, string messageId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "Mail provider: {Provider}")]
    public static partial void ProviderChosen(ILogger logger, string provider);
}
