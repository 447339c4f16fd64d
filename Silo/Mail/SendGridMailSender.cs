using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Sends through SendGrid's v3 Mail Send API. A small client of our own: the SendGrid package is not served by the
/// NuGet registry our build machines reach, and one POST does not need it. 2xx (SendGrid answers 202) is success;
/// network errors, attempt timeouts, 408, 429 (after its <c>Retry-After</c>) and 5xx are retried a few times with
/// exponential backoff and jitter, then fail as transient; any other 4xx fails at once as a
/// <see cref="MailRejectedException"/> carrying SendGrid's error messages.
/// </summary>
public sealed class SendGridMailSender : IMailSender
{
    /// <summary>The custom header that carries our <see cref="OutgoingEmail.MessageId"/> through SendGrid.</summary>
    public const string MessageIdHeader = "X-Delivery-Message-ID";

    private const int MaxErrorLength = 500;
    private static readonly ResiliencePropertyKey<string> MessageIdKey = new("mail.message-id");

    private readonly HttpClient _httpClient;
    private readonly SendGridOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SendGridMailSender> _logger;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public SendGridMailSender(HttpClient httpClient, IOptions<MailOptions> options, TimeProvider timeProvider, ILogger<SendGridMailSender> logger)
    {
        _httpClient = httpClient;
        _options = options.Value.SendGrid;
        _timeProvider = timeProvider;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            throw new OptionsValidationException(nameof(MailOptions), typeof(MailOptions), ["Mail:SendGrid:ApiKey is required for the sendgrid provider."]);
        }

        var root = _options.BaseUrl.AbsoluteUri.EndsWith('/') ? _options.BaseUrl : new Uri(_options.BaseUrl.AbsoluteUri + "/");
        _endpoint = new Uri(root, "v3/mail/send");
        _authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        _pipeline = BuildPipeline();
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var body = JsonSerializer.SerializeToUtf8Bytes(SendGridWire.For(email), SendGridJsonContext.Default.MailSendRequest);
        var context = ResilienceContextPool.Shared.Get("sendgrid.mail-send", cancellationToken);
        context.Properties.Set(MessageIdKey, email.MessageId);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.Endpoint)
                    {
                        Content = new ByteArrayContent(state.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                    };
                    request.Headers.Authorization = state.Authorization;
                    // Buffered inside the attempt so the attempt timeout covers reading the answer too.
                    return await state.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken);
                },
                context,
                (Client: _httpClient, Endpoint: _endpoint, Body: body, Authorization: _authorization));
            await ThrowUnlessAcceptedAsync(email, response, cancellationToken);
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

        MailLog.Sent(_logger, email.MessageId, MailOptions.SendGridProvider);
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    // A 429 that asks for a longer wait than we hold a worker for fails now; the outbox waits instead.
                    { Result.StatusCode: HttpStatusCode.TooManyRequests } => RetryAfter(args.Outcome.Result) is not { } wait || wait <= _options.MaxRetryAfter,
                    { Result: { } response } => IsTransient(response.StatusCode),
                    _ => false,
                }),
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Bounds the exponential growth; the outbox's own backoff takes over after the last retry.
                MaxDelay = TimeSpan.FromMinutes(1),
                // SendGrid's own wait wins over our backoff; null falls back to the backoff.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? RetryAfter(limited) : null),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    var messageId = args.Context.Properties.GetValue(MessageIdKey, "?");
                    MailLog.SendGridRetrying(_logger, messageId, args.AttemptNumber + 1, reason, args.RetryDelay);
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private async Task ThrowUnlessAcceptedAsync(OutgoingEmail email, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var errors = Describe(await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.StatusCode == HttpStatusCode.TooManyRequests || IsTransient(response.StatusCode))
        {
            var wait = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfter(response) : null;
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

    /// <summary>
    /// How long a 429 asks us to wait: <c>Retry-After</c> (seconds or a date), else SendGrid's
    /// <c>X-RateLimit-Reset</c> (Unix seconds); null when it does not say.
    /// </summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var now = _timeProvider.GetUtcNow();
        TimeSpan? wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ when response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
                   && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
                   && reset is > 0 and < 253_402_300_800 => DateTimeOffset.FromUnixTimeSeconds(reset) - now,
            _ => null,
        };
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>SendGrid's error messages, or the start of whatever body came back.</summary>
    private static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no body)";
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(body, SendGridJsonContext.Default.ErrorResponse);
            var messages = parsed?.Errors?
                .Where(e => !string.IsNullOrWhiteSpace(e.Message))
                .Select(e => string.IsNullOrWhiteSpace(e.Field) ? e.Message! : $"{e.Message} (field {e.Field})")
                .ToList();
            if (messages is { Count: > 0 })
            {
                return Truncate(string.Join("; ", messages));
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's JSON (a proxy's error page, say): show the start of it instead.
        }

        return Truncate(body.ReplaceLineEndings(" "));
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";
}
