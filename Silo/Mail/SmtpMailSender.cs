using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Sends through an SMTP relay with System.Net.Mail. MailKit would be the usual choice, but the NuGet registry our
/// build machines reach does not serve it; System.Net.Mail covers what we need (STARTTLS, AUTH, multipart
/// alternative). It makes no retries of its own: a failed send throws and the outbox retries with backoff.
/// </summary>
public sealed class SmtpMailSender : IMailSender
{
    private readonly SmtpOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SmtpMailSender> _logger;

    public SmtpMailSender(IOptions<MailOptions> options, TimeProvider timeProvider, ILogger<SmtpMailSender> logger)
    {
        _options = options.Value.Smtp;
        _timeProvider = timeProvider;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.Host))
        {
            throw new OptionsValidationException(nameof(MailOptions), typeof(MailOptions), ["Mail:Smtp:Host is required for the smtp provider."]);
        }
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = MailMessages.Create(email);
        // One client per message: SmtpClient refuses concurrent sends on one instance, and it keeps no connection
        // pool worth sharing.
        using var client = new SmtpClient(_options.Host, _options.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = _options.EnableSsl,
            UseDefaultCredentials = false,
            Timeout = (int)Math.Min(_options.Timeout.TotalMilliseconds, int.MaxValue),
        };
        if (!string.IsNullOrEmpty(_options.UserName))
        {
            client.Credentials = new NetworkCredential(_options.UserName, _options.Password);
        }

        // SmtpClient.Timeout only bounds the synchronous Send; the asynchronous one is bounded by this token.
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.SendMailAsync(message, linked.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(email, $"the relay {Relay} did not take the message within {_options.Timeout}", exception);
        }
        catch (SmtpFailedRecipientException exception) when (IsPermanent(exception))
        {
            // A 5xx for the recipient (no such mailbox, bad address) does not change on retry.
            var reason = $"the relay {Relay} refused the recipient: {(int)exception.StatusCode} {exception.Message}";
            MailLog.Rejected(_logger, email.MessageId, MailOptions.SmtpProvider, reason);
            throw new MailRejectedException($"Mail {email.MessageId} not sent: {reason}", exception);
        }
        catch (SmtpException exception)
        {
            // Everything else (connection refused, 4xx, authentication, 5xx for the whole message) may be a relay
            // outage or a configuration being fixed: worth another attempt later.
            var reason = exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
            throw Failed(email, $"the relay {Relay} answered {(int)exception.StatusCode}: {reason}", exception);
        }

        MailLog.Sent(_logger, email.MessageId, MailOptions.SmtpProvider);
    }

    private string Relay => $"{_options.Host}:{_options.Port}";

    private static bool IsPermanent(SmtpFailedRecipientException exception) =>
        exception is SmtpFailedRecipientsException { InnerExceptions.Length: > 0 } many
            ? many.InnerExceptions.All(e => (int)e.StatusCode is >= 500 and < 600)
            : (int)exception.StatusCode is >= 500 and < 600;

    private MailSendException Failed(OutgoingEmail email, string reason, Exception exception)
    {
        MailLog.Failed(_logger, email.MessageId, MailOptions.SmtpProvider, reason);
        return new MailSendException($"Mail {email.MessageId} not sent: {reason}", exception);
    }
}
