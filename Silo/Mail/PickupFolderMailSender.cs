using Microsoft.Extensions.Options;
using MimeKit;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Writes each message as an .eml file into <see cref="MailOptions.PickupDirectory"/>, the way an SMTP server's
/// pickup folder takes them: the single-node default, which needs no mail server. Any mail client opens the files,
/// and the text part reads as it is with <c>cat</c>.
/// </summary>
public sealed class PickupFolderMailSender : IMailSender
{
    // CRLF, as RFC 5322 and every mail client expect of a message file, whatever the platform.
    private static readonly FormatOptions FileFormat = new() { NewLineFormat = NewLineFormat.Dos };

    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PickupFolderMailSender> _logger;

    public PickupFolderMailSender(IOptions<MailOptions> options, TimeProvider timeProvider, ILogger<PickupFolderMailSender> logger)
    {
        // Absolute, so the folder does not move if the working directory does.
        Folder = Path.GetFullPath(options.Value.PickupDirectory);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The absolute folder the files go to.</summary>
    public string Folder { get; }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = MailMessages.Create(email, _timeProvider.GetUtcNow());
        var name = Guid.NewGuid().ToString("N");
        // Not *.eml until it is whole: whoever watches the folder never opens half a message.
        var partial = Path.Combine(Folder, $".{name}.partial");
        try
        {
            Directory.CreateDirectory(Folder);
            await message.WriteToAsync(FileFormat, partial, cancellationToken);
            File.Move(partial, Path.Combine(Folder, $"{name}.eml"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            var reason = $"cannot write to {Folder}: {exception.Message}";
            MailLog.Failed(_logger, email.MessageId, MailOptions.PickupProvider, reason);
            throw new MailSendException($"Mail {email.MessageId} not written: {reason}", exception);
        }
        catch (OperationCanceledException)
        {
            TryDelete(partial);
            throw;
        }

        MailLog.Sent(_logger, email.MessageId, MailOptions.PickupProvider);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover .partial file is not an .eml: no reader takes it for a message.
        }
    }
}
