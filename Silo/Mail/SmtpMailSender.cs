using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Sends through an SMTP relay with MailKit: STARTTLS or implicit TLS, AUTH, one multipart/alternative message. It
/// makes no retries of its own: a failed send throws and the outbox retries with backoff.
/// </summary>
public sealed class SmtpMailSender : IMailSender
{
    /// <summary>The port where the relay expects TLS from the first byte (RFC 8314) rather than STARTTLS.</summary>
    private const int ImplicitTlsPort = 465;

    /// <summary>The name of the span around one send.</summary>
    public const string SendSpan = "smtp send";

    private readonly SmtpOptions _options;
    private readonly string _host;
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

        _host = _options.Host;
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = MailMessages.Create(email, _timeProvider.GetUtcNow());

        // Our own span: MailKit's SmtpClient source ("MailKit.Net.SmtpClient") is only there once its process-wide
        // Telemetry.SmtpClient.Configure() has run, and it covers the client's commands, not the send as a whole.
        using var span = DeliveryTracing.Source.StartActivity(SendSpan, ActivityKind.Client);
        span?.SetTag("server.address", _host);
        span?.SetTag("server.port", _options.Port);
        span?.SetTag("delivery.mail.message_id", email.MessageId);

        // SmtpClient.Timeout bounds each network read or write on the real clock; the whole message is bounded by this
        // token, on the injected one.
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // One client per message: it allows one send at a time, and a relay would drop an idle pooled connection.
        using var client = new SmtpClient { Timeout = (int)Math.Min(_options.Timeout.TotalMilliseconds, int.MaxValue) };
        try
        {
            // Our own connection, so that each write is fenced: a send frozen half-way goes no further once its
            // claim may have passed to another silo (see EffectFence).
            var connection = await OpenAsync(linked.Token);
            try
            {
                await client.ConnectAsync(connection, _host, _options.Port, Security, linked.Token);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", linked.Token);
            }

            await client.SendAsync(message, linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(email, $"the relay {Relay} did not take the message within {_options.Timeout}", exception);
        }
        catch (SmtpCommandException exception) when (exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted && IsPermanent(exception.StatusCode))
        {
            // A 5xx for the recipient (no such mailbox, bad address) does not change on retry.
            var reason = $"the relay {Relay} refused the recipient: {(int)exception.StatusCode} {exception.Message}";
            MailLog.Rejected(_logger, email.MessageId, MailOptions.SmtpProvider, reason);
            span?.SetStatus(ActivityStatusCode.Error, "recipient refused");
            throw new MailRejectedException($"Mail {email.MessageId} not sent: {reason}", exception);
        }
        catch (SmtpCommandException exception)
        {
            // 4xx, or a 5xx for the sender or the whole message: may be a relay outage or a policy being fixed.
            throw Failed(email, $"the relay {Relay} answered {(int)exception.StatusCode}: {exception.Message}", exception);
        }
        catch (EffectFenceClosedException)
        {
            throw;
        }
        catch (Exception exception) when (exception is SocketException or IOException or SmtpProtocolException
            or AuthenticationException or SslHandshakeException or NotSupportedException)
        {
            // Connection refused or dropped, TLS or AUTH failing, STARTTLS not offered: a relay outage or a configuration
            // being fixed, worth another attempt later.
            var reason = exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
            throw Failed(email, $"the relay {Relay} failed: {reason}", exception);
        }

        MailLog.Sent(_logger, email.MessageId, MailOptions.SmtpProvider);
    }

    private async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _options.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EffectFencedStream(new NetworkStream(socket, ownsSocket: true));
    }

    private string Relay => $"{_host}:{_options.Port}";

    // EnableSsl means the connection is encrypted or nothing is sent: STARTTLS is required, never skipped when the
    // relay does not offer it; on 465 the relay speaks TLS from the start.
    private SecureSocketOptions Security => _options switch
    {
        { EnableSsl: false } => SecureSocketOptions.None,
        { Port: ImplicitTlsPort } => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static bool IsPermanent(SmtpStatusCode status) => (int)status is >= 500 and < 600;

    private MailSendException Failed(OutgoingEmail email, string reason, Exception exception)
    {
        MailLog.Failed(_logger, email.MessageId, MailOptions.SmtpProvider, reason);
        if (Activity.Current is { OperationName: SendSpan } span)
        {
            span.SetStatus(ActivityStatusCode.Error, "not sent");
        }

        return new MailSendException($"Mail {email.MessageId} not sent: {reason}", exception);
    }
}
