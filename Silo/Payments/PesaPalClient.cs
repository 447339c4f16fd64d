using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;
using Polly.Registry;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>
/// PesaPal API 3.0: bearer tokens (cached until shortly before expiry), transaction status and refund requests.
/// An IPN only says "look again", so <see cref="GetTransactionStatusAsync"/> is how a PesaPal payment is confirmed.
/// </summary>
public sealed class PesaPalClient : IDisposable
{
    private const string Provider = PaymentProviders.PesaPal;

    /// <summary>PesaPal documents tokens as valid for at most five minutes.</summary>
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromMinutes(5);

    private readonly PesaPalClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PesaPalClient> _logger;
    private readonly ProviderHttp _http;
    private readonly BearerTokenCache _tokens;
    private readonly Uri _baseUrl;

    public PesaPalClient(
        HttpClient httpClient,
        IOptions<PesaPalClientOptions> options,
        TimeProvider timeProvider,
        ResiliencePipelineProvider<string> pipelines,
        ILogger<PesaPalClient> logger)
    {
        _options = PaymentProviderOptionsValidator<PesaPalClientOptions>.ValidOrThrow(options.Value);
        _timeProvider = timeProvider;
        _logger = logger;
        _baseUrl = ProviderUrls.WithTrailingSlash(_options.BaseUrl!);
        _http = new ProviderHttp(Provider, httpClient, pipelines, logger);
        _tokens = new BearerTokenCache(timeProvider);
    }

    /// <summary>GET /api/Transactions/GetTransactionStatus?orderTrackingId=…</summary>
    public async Task<PesaPalStatusResult> GetTransactionStatusAsync(string orderTrackingId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderTrackingId);
        var url = new Uri(_baseUrl, $"api/Transactions/GetTransactionStatus?orderTrackingId={Uri.EscapeDataString(orderTrackingId)}");
        var (response, failure) = await SendAuthorizedAsync("status", token => Request(HttpMethod.Get, url, token, null), retry: true, cancellationToken);
        if (failure is not null)
        {
            return new PesaPalStatusResult.Unavailable(failure);
        }

        if (!response!.Answered || response.IsServerError)
        {
            return new PesaPalStatusResult.Unavailable(response.Describe());
        }

        if (ParseObject(response.Body) is not { } body)
        {
            return new PesaPalStatusResult.Unavailable($"unreadable status response ({response.Describe()})");
        }

        // An unknown tracking id comes back with an error object and no usable status_code: that is INVALID.
        var code = Int(body["status_code"]) is int c && Enum.IsDefined((PesaPalStatusCode)c) ? (PesaPalStatusCode)c : PesaPalStatusCode.Invalid;
        var currency = Text(body["currency"])?.ToUpperInvariant();
        long? amountMinor = currency is not null && Decimal(body["amount"]) is decimal amount
            && CurrencyMinorUnits.TryToMinor(amount, currency, out var minor)
                ? minor
                : null;
        return new PesaPalStatusResult.Found(new PesaPalTransactionStatus(
            orderTrackingId,
            code,
            Text(body["payment_status_description"]) ?? Text(body["error"]?["message"]),
            amountMinor,
            currency,
            Text(body["merchant_reference"]),
            Text(body["confirmation_code"]),
            Text(body["payment_method"])));
    }

    /// <summary>
    /// POST /api/Transactions/RefundRequest. PesaPal only records the request (the merchant approves it later) and
    /// allows one refund per payment, so <see cref="RefundResult.Succeeded"/> carries the confirmation code as the
    /// refund id. Not retried after the request may have reached PesaPal: there is no idempotency key.
    /// </summary>
    public async Task<RefundResult> RefundAsync(
        string confirmationCode, long amountMinor, string currency, string username, string remarks, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmationCode);
        var url = new Uri(_baseUrl, "api/Transactions/RefundRequest");
        var payload = new JsonObject
        {
            ["confirmation_code"] = confirmationCode,
            // PesaPal's documented sample sends the amount as a decimal string in major units.
            ["amount"] = CurrencyMinorUnits.FormatMajor(amountMinor, currency),
            ["username"] = username,
            ["remarks"] = remarks,
        };
        var (response, failure) = await SendAuthorizedAsync("refund", token => Request(HttpMethod.Post, url, token, payload), retry: false, cancellationToken);
        if (failure is not null)
        {
            return new RefundResult.Unavailable(failure);
        }

        if (!response!.Answered || response.IsServerError)
        {
            return new RefundResult.Unavailable(response.Describe());
        }

        var body = ParseObject(response.Body);
        var status = Text(body?["status"]) ?? Int(body?["status"])?.ToString(CultureInfo.InvariantCulture);
        var message = Text(body?["message"]) ?? Text(body?["error"]?["message"]) ?? response.Describe();
        if (response.IsSuccess && status == "200")
        {
            PaymentsLog.RefundAccepted(_logger, Provider, Mask(confirmationCode), Mask(confirmationCode));
            return new RefundResult.Succeeded(confirmationCode);
        }

        PaymentsLog.RefundRejected(_logger, Provider, Mask(confirmationCode), message);
        return new RefundResult.Rejected(message);
    }

    public void Dispose() => _tokens.Dispose();

    /// <summary>A bearer token from the cache, or from POST /api/Auth/RequestToken.</summary>
    internal Task<(string? Token, string? Failure)> GetTokenAsync(CancellationToken cancellationToken) =>
        _tokens.GetAsync(RequestTokenAsync, cancellationToken);

    private async Task<TokenFetch> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, "api/Auth/RequestToken");
        var credentials = new JsonObject { ["consumer_key"] = _options.ConsumerKey, ["consumer_secret"] = _options.ConsumerSecret };
        var response = await _http.SendAsync("token", () => Request(HttpMethod.Post, url, null, credentials), cancellationToken);
        if (!response.Answered || response.IsServerError)
        {
            return TokenFetch.Failed($"token request failed: {response.Describe()}");
        }

        var body = ParseObject(response.Body);
        if (Text(body?["token"]) is not { } token)
        {
            var reason = Text(body?["error"]?["code"]) ?? response.Describe();
            PaymentsLog.AuthenticationFailed(_logger, Provider, reason);
            return TokenFetch.Failed($"token refused: {reason}");
        }

        var now = _timeProvider.GetUtcNow();
        var expiresAt = DateTimeOffset.TryParse(Text(body!["expiryDate"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiry)
            ? expiry
            : now + MaxTokenLifetime;
        // expiryDate is PesaPal's clock; never trust it beyond the documented lifetime as measured by ours.
        if (expiresAt > now + MaxTokenLifetime)
        {
            expiresAt = now + MaxTokenLifetime;
        }

        PaymentsLog.TokenObtained(_logger, Provider, expiresAt);
        return new TokenFetch(token, expiresAt - _options.TokenRefreshMargin, null);
    }

    /// <summary>Sends with a cached token; when PesaPal says 401 the token is dropped and the call made once more.</summary>
    private async Task<(ProviderResponse? Response, string? Failure)> SendAuthorizedAsync(
        string operation, Func<string, HttpRequestMessage> createRequest, bool retry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (token, failure) = await GetTokenAsync(cancellationToken);
            if (token is null)
            {
                return (null, failure);
            }

            var response = await _http.SendAsync(operation, () => createRequest(token), cancellationToken, retry);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
            {
                return (response, null);
            }

            _tokens.Invalidate(token);
        }
    }

    /// <summary>Confirmation codes identify a customer's card or wallet payment; logs get only a prefix.</summary>
    private static string Mask(string code) => code.Length <= 4 ? "****" : code[..4] + "****";

    private static HttpRequestMessage Request(HttpMethod method, Uri url, string? token, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
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

    private static int? Int(JsonNode? node) =>
        node is not JsonValue value ? null
        : value.TryGetValue<int>(out var number) ? number
        : value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number) ? number
        : null;

    private static decimal? Decimal(JsonNode? node) =>
        node is not JsonValue value ? null
        : value.TryGetValue<decimal>(out var number) ? number
        : value.TryGetValue<string>(out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number) ? number
        : null;
}
