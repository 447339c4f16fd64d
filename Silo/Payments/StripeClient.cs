using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;
using Polly.Registry;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>Stripe's REST API: refunds against a PaymentIntent, made idempotent by Stripe's <c>Idempotency-Key</c>.</summary>
public sealed class StripeClient
{
    private const string Provider = PaymentProviders.Stripe;

    private readonly StripeClientOptions _options;
    private readonly ILogger<StripeClient> _logger;
    private readonly ProviderHttp _http;
    private readonly Uri _refundsUrl;
    private readonly Uri _searchUrl;

    public StripeClient(
        HttpClient httpClient,
        IOptions<StripeClientOptions> options,
        TimeProvider timeProvider,
        ResiliencePipelineProvider<string> pipelines,
        ILogger<StripeClient> logger)
    {
        _options = PaymentProviderOptionsValidator<StripeClientOptions>.ValidOrThrow(options.Value);
        _logger = logger;
        _http = new ProviderHttp(Provider, httpClient, pipelines, logger);
        _refundsUrl = new Uri(ProviderUrls.WithTrailingSlash(_options.BaseUrl!), "v1/refunds");
        _searchUrl = new Uri(ProviderUrls.WithTrailingSlash(_options.BaseUrl!), "v1/payment_intents/search");
    }

    /// <summary>
    /// The succeeded PaymentIntent that carries <paramref name="orderId"/> in <c>metadata.order_id</c> (the storefront's
    /// convention), through Stripe's search API (<c>GET /v1/payment_intents/search</c>); null when Stripe answered and
    /// none succeeded. An unreachable or failing Stripe answers <see cref="StripePaymentSearch.Unavailable"/>.
    /// </summary>
    public async Task<StripePaymentSearch> FindSucceededPaymentAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        // Stripe's search query language quotes values with single quotes and escapes them with a backslash.
        var escaped = orderId.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        var url = new Uri(_searchUrl, "?query=" + Uri.EscapeDataString($"metadata['order_id']:'{escaped}'"));
        var response = await _http.SendAsync(
            "search",
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.SecretKey);
                return request;
            },
            cancellationToken);
        if (!response.IsSuccess)
        {
            return new StripePaymentSearch.Unavailable(response.Describe());
        }

        using var body = TryParse(response.Body);
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return new StripePaymentSearch.Unavailable("unreadable search answer");
        }

        foreach (var intent in data.EnumerateArray())
        {
            // The search index may lag or match loosely: only an intent that names this very order counts.
            var metadata = intent.ValueKind == JsonValueKind.Object && intent.TryGetProperty("metadata", out var m) ? m : (JsonElement?)null;
            if (String(intent, "status") == "succeeded" && String(metadata, "order_id") == orderId
                && String(intent, "id") is { } id && String(intent, "currency") is { } currency
                && intent.TryGetProperty("amount_received", out var amount) && amount.TryGetInt64(out var amountMinor))
            {
                return new StripePaymentSearch.Found(id, amountMinor, currency.ToUpperInvariant());
            }
        }

        return new StripePaymentSearch.NotFound();
    }

    /// <summary>
    /// POST /v1/refunds for <paramref name="paymentIntentId"/>: the whole amount when <paramref name="amountMinor"/>
    /// is null. Retries reuse <paramref name="idempotencyKey"/>, so Stripe makes at most one refund for it.
    /// </summary>
    public async Task<RefundResult> RefundAsync(string paymentIntentId, long? amountMinor, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var form = new List<KeyValuePair<string, string>> { new("payment_intent", paymentIntentId) };
        if (amountMinor is { } amount)
        {
            form.Add(new("amount", amount.ToString(CultureInfo.InvariantCulture)));
        }

        var response = await _http.SendAsync(
            "refund",
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, _refundsUrl) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.SecretKey);
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                return request;
            },
            cancellationToken);

        if (!response.Answered || response.IsServerError)
        {
            return new RefundResult.Unavailable(response.Describe());
        }

        using var body = TryParse(response.Body);
        var root = body?.RootElement;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            PaymentsLog.AuthenticationFailed(_logger, Provider, response.Describe());
            return new RefundResult.Unavailable($"Stripe refused our API key ({response.Describe()})");
        }

        if (response.IsSuccess && String(root, "id") is { } refundId)
        {
            var status = String(root, "status");
            if (status is "failed" or "canceled")
            {
                var reason = $"refund {status}: {String(root, "failure_reason") ?? "no reason given"}";
                PaymentsLog.RefundRejected(_logger, Provider, paymentIntentId, reason);
                return new RefundResult.Rejected(reason);
            }

            PaymentsLog.RefundAccepted(_logger, Provider, refundId, paymentIntentId);
            return new RefundResult.Succeeded(refundId);
        }

        // Stripe errors: {"error": {"type": "...", "code": "charge_already_refunded", "message": "..."}}.
        JsonElement? error = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("error", out var e) ? e : null;
        var rejection = String(error, "code") ?? String(error, "type") ?? response.Describe();
        PaymentsLog.RefundRejected(_logger, Provider, paymentIntentId, rejection);
        return new RefundResult.Rejected(rejection);
    }

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
