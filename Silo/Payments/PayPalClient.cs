using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Polly.Registry;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>
/// PayPal's REST API: an OAuth2 client-credentials token (cached until shortly before expiry), checkout order lookups
/// for reconciliation, and capture refunds, made idempotent by <c>PayPal-Request-Id</c>.
/// </summary>
public sealed class PayPalClient : IDisposable
{
    private const string Provider = PaymentProviders.PayPal;

    private readonly PayPalClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PayPalClient> _logger;
    private readonly ProviderHttp _http;
    private readonly BearerTokenCache _tokens;
    private readonly Uri _baseUrl;

    public PayPalClient(
        HttpClient httpClient,
        IOptions<PayPalClientOptions> options,
        TimeProvider timeProvider,
        ResiliencePipelineProvider<string> pipelines,
        ILogger<PayPalClient> logger)
    {
        _options = PaymentProviderOptionsValidator<PayPalClientOptions>.ValidOrThrow(options.Value);
        _timeProvider = timeProvider;
        _logger = logger;
        _baseUrl = ProviderUrls.WithTrailingSlash(_options.BaseUrl!);
        _http = new ProviderHttp(Provider, httpClient, pipelines, logger);
        _tokens = new BearerTokenCache(timeProvider);
    }

    /// <summary>
    /// POST /v2/payments/captures/{captureId}/refund: the whole capture when <paramref name="amountMinor"/> is null,
    /// else that amount of <paramref name="currency"/>. Retries reuse <paramref name="requestId"/>, so PayPal makes at
    /// most one refund for it.
    /// </summary>
    public async Task<RefundResult> RefundCaptureAsync(
        string captureId, long? amountMinor, string? currency, string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(captureId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (amountMinor is not null && string.IsNullOrWhiteSpace(currency))
        {
            throw new ArgumentException("A partial refund needs its currency.", nameof(currency));
        }

        var url = new Uri(_baseUrl, $"v2/payments/captures/{Uri.EscapeDataString(captureId)}/refund");
        var payload = new JsonObject();
        if (amountMinor is { } amount)
        {
            payload["amount"] = new JsonObject
            {
                ["value"] = CurrencyMinorUnits.FormatMajor(amount, currency!),
                ["currency_code"] = currency,
            };
        }

        for (var attempt = 0; ; attempt++)
        {
            var (token, failure) = await GetTokenAsync(cancellationToken);
            if (token is null)
            {
                return new RefundResult.Unavailable(failure!);
            }

            var response = await _http.SendAsync(
                "refund",
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Add("PayPal-Request-Id", requestId);
                    request.Headers.Add("Prefer", "return=representation");
                    return request;
                },
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                _tokens.Invalidate(token);
                continue;
            }

            return Interpret(response, captureId);
        }
    }

    /// <summary>
    /// GET /v2/checkout/orders/{id}: the order's status and, once captured, its completed capture read as PayPal's
    /// CHECKOUT.ORDER.COMPLETED webhook for it would be.
    /// </summary>
    public async Task<PayPalOrderLookup> GetOrderAsync(string payPalOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payPalOrderId);
        var url = new Uri(_baseUrl, $"v2/checkout/orders/{Uri.EscapeDataString(payPalOrderId)}");
        for (var attempt = 0; ; attempt++)
        {
            var (token, failure) = await GetTokenAsync(cancellationToken);
            if (token is null)
            {
                return new PayPalOrderLookup.Unavailable(failure!);
            }

            var response = await _http.SendAsync(
                "order",
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return request;
                },
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                _tokens.Invalidate(token);
                continue;
            }

            return InterpretOrder(response);
        }
    }

    public void Dispose() => _tokens.Dispose();

    /// <summary>A bearer token from the cache, or from POST /v1/oauth2/token.</summary>
    internal Task<(string? Token, string? Failure)> GetTokenAsync(CancellationToken cancellationToken) =>
        _tokens.GetAsync(RequestTokenAsync, cancellationToken);

    private RefundResult Interpret(ProviderResponse response, string captureId)
    {
        if (!response.Answered || response.IsServerError)
        {
            return new RefundResult.Unavailable(response.Describe());
        }

        var body = ParseObject(response.Body);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            PaymentsLog.AuthenticationFailed(_logger, Provider, response.Describe());
            return new RefundResult.Unavailable($"PayPal refused our credentials ({response.Describe()})");
        }

        if (response.IsSuccess && Text(body?["id"]) is { } refundId)
        {
            var status = Text(body!["status"]);
            if (status is "CANCELLED" or "FAILED")
            {
                var reason = $"refund {status}";
                PaymentsLog.RefundRejected(_logger, Provider, captureId, reason);
                return new RefundResult.Rejected(reason);
            }

            PaymentsLog.RefundAccepted(_logger, Provider, refundId, captureId);
            return new RefundResult.Succeeded(refundId);
        }

        // PayPal errors: {"name": "UNPROCESSABLE_ENTITY", "details": [{"issue": "CAPTURE_FULLY_REFUNDED", ...}], ...}.
        var issue = body?["details"] is JsonArray { Count: > 0 } details ? Text(details[0]?["issue"]) : null;
        var rejection = issue ?? Text(body?["name"]) ?? response.Describe();
        PaymentsLog.RefundRejected(_logger, Provider, captureId, rejection);
        return new RefundResult.Rejected(rejection);
    }

    private PayPalOrderLookup InterpretOrder(ProviderResponse response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            PaymentsLog.AuthenticationFailed(_logger, Provider, response.Describe());
            return new PayPalOrderLookup.Unavailable($"PayPal refused our credentials ({response.Describe()})");
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new PayPalOrderLookup.NotFound();
        }

        if (!response.IsSuccess || Text(ParseObject(response.Body)?["status"]) is not { } status)
        {
            return new PayPalOrderLookup.Unavailable(response.IsSuccess ? "unreadable order answer" : response.Describe());
        }

        var read = PayPalEventParser.ParseOrder("reconciliation", response.Body);
        return read.IsSuccess
            ? new PayPalOrderLookup.Found(status, read.Notification is { Outcome: PaymentOutcome.Succeeded } payment ? payment : null)
            : new PayPalOrderLookup.Unavailable($"unreadable order answer ({read.ErrorCode})");
    }

    private async Task<TokenFetch> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, "v1/oauth2/token");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}"));
        var response = await _http.SendAsync(
            "token",
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            },
            cancellationToken);
        if (!response.Answered || response.IsServerError)
        {
            return TokenFetch.Failed($"token request failed: {response.Describe()}");
        }

        var body = ParseObject(response.Body);
        if (!response.IsSuccess || Text(body?["access_token"]) is not { } token)
        {
            var reason = Text(body?["error"]) ?? response.Describe();
            PaymentsLog.AuthenticationFailed(_logger, Provider, reason);
            return TokenFetch.Failed($"token refused: {reason}");
        }

        var lifetime = body!["expires_in"] is JsonValue value && value.TryGetValue<long>(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(5);
        var expiresAt = _timeProvider.GetUtcNow() + lifetime;
        PaymentsLog.TokenObtained(_logger, Provider, expiresAt);
        return new TokenFetch(token, expiresAt - _options.TokenRefreshMargin, null);
    }

    private static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
