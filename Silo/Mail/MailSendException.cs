namespace Orleans.Delivery.Silo.Mail;

/// <summary>A mail service could not take the message now (unreachable, timed out, busy); retry later.</summary>
public class MailSendException : Exception
{
    public MailSendException(string message)
        : base(message)
    {
    }

    public MailSendException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>False when retrying cannot help: see <see cref="MailRejectedException"/>.</summary>
    public virtual bool IsTransient => true;

    /// <summary>How long the service asked us to wait before trying again, when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// The mail service refused this message for a reason retrying does not change (invalid address, rejected content,
/// bad credentials); the message carries the service's reason.
/// </summary>
public sealed class MailRejectedException : MailSendException
{
    public MailRejectedException(string message)
        : base(message)
    {
    }

    public MailRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public override bool IsTransient => false;
}
