namespace Orleans.Delivery.Silo.Mail;

/// <summary>Hands an email to a mail service: an SMTP relay, SendGrid, or a pickup folder.</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends <paramref name="email"/>, or throws. A <see cref="MailRejectedException"/> means the service refused
    /// this message and sending it again will not help; any other exception is worth retrying later (the outbox
    /// does so with backoff). Sending the same email twice may deliver it twice; its
    /// <see cref="OutgoingEmail.MessageId"/> lets the duplicate be recognised.
    /// </summary>
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
