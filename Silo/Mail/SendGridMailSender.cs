using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGrid.Helpers.Reliability;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Sends through SendGrid's v3 Mail Send API with the SendGrid package's <see cref="SendGridClient"/>, its own
/// retries off: our Polly pipeline (<see cref="PipelineKey"/>, registered with Polly's dependency injection so it
/// reports metrics and logs) owns retries and the per-attempt timeout. 2xx (SendGrid answers 202) is success;
/// network errors, attempt timeouts, 408, 429 (after its <c>Retry-After</c>) and 5xx are retried a few times with
/// exponential backoff and jitter, then fail as transient; any other 4xx fails at once as a
/// <see cref="MailRejectedException"/> carrying SendGrid's error messages.
/// </summary>
public sealed class SendGridMailSender : IMailSender
{
    /// <summary>The custom header that carries our <see cref="OutgoingEmail.MessageId"/> through SendGrid.</summary>
    public const string MessageIdHeader = "X-Delivery-Message-ID";

    /// <summary>The name of the <see cref="HttpClient"/> the sender takes from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "sendgrid";

    /// <summary>The key of the Polly pipeline the sender runs each send through.</summary>
    public const string PipelineKey = "mail.sendgrid";

    private const int MaxErrorLength = 500;
    private static readonly ResiliencePropertyKey<string> MessageIdKey = new("mail.message-id");

    private readonly SendGridClient _client;
    private readonly SendGridOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SendGridMailSender> _logger;
    private readonly ResiliencePipeline<Response> _pipeline;

    public SendGridMailSender(
        HttpClient httpClient,
        IOptions<MailOptions> options,
        TimeProvider timeProvider,
        ResiliencePipelineProvider<string> pipelines,
        ILogger<SendGridMailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _options = options.Value.SendGrid;
        _timeProvider = timeProvider;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            throw new OptionsValidationException(nameof(MailOptions), typeof(MailOptions), ["Mail:SendGrid:ApiKey is required for the sendgrid provider."]);
        }

        // The package resolves "v3/mail/send" below Host, keeping Host's own path.
        _client = new SendGridClient(httpClient, new SendGridClientOptions
        {
            ApiKey = _options.ApiKey,
            Host = _options.BaseUrl.AbsoluteUri,
            // The package retries only through a handler it adds to an HttpClient of its own making; with ours it
            // adds none. Zero retries says the same for anyone who changes that: Polly below owns retries.
            ReliabilitySettings = new ReliabilitySettings(
                maximumNumberOfRetries: 0, minimumBackoff: TimeSpan.Zero, maximumBackOff: TimeSpan.Zero, deltaBackOff: TimeSpan.Zero),
        });
        _pipeline = pipelines.GetPipeline<Response>(PipelineKey);
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var message = MessageFor(email);
        var context = ResilienceContextPool.Shared.Get("sendgrid.mail-send", cancellationToken);
        context.Properties.Set(MessageIdKey, email.MessageId);
        Response response;
        try
        {
            // The package buffers the answer inside the call, so the attempt timeout covers reading it too.
            response = await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Client.SendEmailAsync(state.Message, ctx.CancellationToken),
                context,
                (Client: _client, Message: message));
        }
        // An OperationCanceledException without the caller's cancellation is HttpClient's own Timeout.
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is HttpRequestException
                ? $"SendGrid unreachable: {exception.Message}"
                : $"SendGrid did not answer within {_options.AttemptTimeout}";
            MailLog.Failed(_logger, email.MessageId, MailOptions.SendGridProvider, reason);
            throw new MailSendException($"Mail {email.MessageId} not sent: {reason}", exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        await ThrowUnlessAcceptedAsync(email, response, cancellationToken);
        MailLog.Sent(_logger, email.MessageId, MailOptions.SendGridProvider);
    }

    /// <summary>
    /// The SendGrid message for <paramref name="email"/>: one recipient (whose personalization carries the subject),
    /// text/plain before text/html.
    /// </summary>
    internal static SendGridMessage MessageFor(OutgoingEmail email)
    {
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(email.From, NullIfBlank(email.FromName)),
            new EmailAddress(email.To, NullIfBlank(email.ToName)),
            email.Subject,
            email.Text,
            email.Html);
        if (!string.IsNullOrEmpty(email.ReplyTo))
        {
            message.SetReplyTo(new EmailAddress(email.ReplyTo));
        }

        // Message-wide headers (AddHeader would put them on the personalization). SendGrid sets its own Message-ID;
        // ours travels in a custom header so a duplicate stays recognisable.
        message.Headers = new Dictionary<string, string>(email.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            [MessageIdHeader] = email.MessageId,
        };
        return message;
    }

    /// <summary>
    /// Configures the pipeline registered as <see cref="PipelineKey"/>: retries of transient failures (429 after its
    /// wait, when that wait is short enough) around a per-attempt timeout, on <paramref name="builder"/>'s clock.
    /// </summary>
    internal static void ConfigurePipeline(ResiliencePipelineBuilder<Response> builder, SendGridOptions options, ILogger logger)
    {
        var timeProvider = builder.TimeProvider ?? TimeProvider.System;
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Response>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    // A 429 that asks for a longer wait than we hold a worker for fails now; the outbox waits instead.
                    { Result.StatusCode: HttpStatusCode.TooManyRequests } => RetryAfter(args.Outcome.Result, timeProvider) is not { } wait || wait <= options.MaxRetryAfter,
                    { Result: { } response } => IsTransient(response.StatusCode),
                    _ => false,
                }),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Bounds the exponential growth; the outbox's own backoff takes over after the last retry.
                MaxDelay = TimeSpan.FromMinutes(1),
                // SendGrid's own wait wins over our backoff; null falls back to the backoff.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? RetryAfter(limited, timeProvider) : null),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    var messageId = args.Context.Properties.GetValue(MessageIdKey, "?");
                    MailLog.SendGridRetrying(logger, messageId, args.AttemptNumber + 1, reason, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
    }

    private async Task ThrowUnlessAcceptedAsync(OutgoingEmail email, Response response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = $"{(int)response.StatusCode} {ReasonPhrase(response.StatusCode)}";
        var body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync(cancellationToken);
        var errors = Describe(body);
        if (IsTransient(response.StatusCode))
        {
            var wait = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfter(response, _timeProvider) : null;
            var reason = $"SendGrid answered {status}{(wait is { } w ? $", retry after {w}" : string.Empty)}: {errors}";
            MailLog.Failed(_logger, email.MessageId, MailOptions.SendGridProvider, reason);
            throw new MailSendException($"Mail {email.MessageId} not sent: {reason}") { RetryAfter = wait };
        }

        var refusal = $"SendGrid refused it with {status}: {errors}";
        MailLog.Rejected(_logger, email.MessageId, MailOptions.SendGridProvider, refusal);
        throw new MailRejectedException($"Mail {email.MessageId} not sent: {refusal}");
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string ReasonPhrase(HttpStatusCode status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status);

    /// <summary>
    /// How long a 429 asks us to wait: <c>Retry-After</c> (seconds or a date), else SendGrid's
    /// <c>X-RateLimit-Reset</c> (Unix seconds); null when it does not say.
    /// </summary>
    private static TimeSpan? RetryAfter(Response response, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        TimeSpan? wait = response.Headers?.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ when response.Headers is { } headers
                   && headers.TryGetValues("X-RateLimit-Reset", out var values)
                   && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
                   && reset is > 0 and < 253_402_300_800 => DateTimeOffset.FromUnixTimeSeconds(reset) - now,
            _ => null,
        };
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>
    /// SendGrid's error messages (<c>{"errors":[{"message":"…","field":"…"}]}</c>), or the start of whatever body
    /// came back. Read here rather than with the package's error handling, which throws without the answer's
    /// headers and so would lose a 429's <c>Retry-After</c>.
    /// </summary>
    private static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no body)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray()
                    .Select(e => (Message: Text(e, "message"), Field: Text(e, "field")))
                    .Where(e => !string.IsNullOrWhiteSpace(e.Message))
                    .Select(e => string.IsNullOrWhiteSpace(e.Field) ? e.Message! : $"{e.Message} (field {e.Field})")
                    .ToList();
                if (messages.Count > 0)
                {
                    return Truncate(string.Join("; ", messages));
                }
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's JSON (a proxy's error page, say): show the start of it instead.
        }

        return Truncate(body.ReplaceLineEndings(" "));
    }

    private static string? Text(JsonElement error, string name) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";
}
