using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Writes each message as an .eml file into <see cref="MailOptions.PickupDirectory"/>, the way an SMTP server's
/// pickup folder takes them: the single-node default, which needs no mail server. Any mail client opens the files.
/// </summary>
public sealed class PickupFolderMailSender : IMailSender
{
    private readonly ILogger<PickupFolderMailSender> _logger;

    public PickupFolderMailSender(IOptions<MailOptions> options, ILogger<PickupFolderMailSender> logger)
    {
        // SmtpClient wants an absolute path.
        Folder = Path.GetFullPath(options.Value.PickupDirectory);
        _logger = logger;
    }

    /// <summary>The absolute folder the files go to.</summary>
    public string Folder { get; }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = MailMessages.Create(email);
        try
        {
            Directory.CreateDirectory(Folder);
            // System.Net.Mail's pickup mode writes the whole RFC 5322 message to {guid}.eml, as IIS's SMTP service did.
            using var client = new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = Folder,
            };
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is SmtpException or IOException or UnauthorizedAccessException)
        {
            var reason = $"cannot write to {Folder}: {exception.Message}";
            MailLog.Failed(_logger, email.MessageId, MailOptions.PickupProvider, reason);
            throw new MailSendException($"Mail {email.MessageId} not written: {reason}", exception);
        }

        MailLog.Sent(_logger, email.MessageId, MailOptions.PickupProvider);
    }
}
