using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Asks a merchant's fulfillment webhook for a license (<see cref="CallMerchantWebhook"/>): POSTs the order as JSON to
/// the product's URL, signed (<see cref="MerchantWebhookSignature"/>) with the product's webhook secret as the catalog
/// holds it now, and tells the order (<see cref="MerchantWebhookAnswered"/>): a 2xx answer's body is the license, anything
/// else is a failed attempt, which the order retries with backoff and then sends to review. Failures are answers, not
/// exceptions, so the order's own retry policy is the only one.
/// </summary>
public sealed class MerchantWebhookHandler(
    IHttpClientFactory http,
    IGrainFactory grains,
    IOptions<MerchantWebhookOptions> options,
    TimeProvider time,
    ILogger<MerchantWebhookHandler> logger) : IEffectHandler
{
    /// <summary>The named <see cref="HttpClient"/> the calls go through.</summary>
    public const string HttpClientName = "merchant-webhook";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public string Kind => OrderEffectKinds.MerchantWebhook;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (CallMerchantWebhook)context.Read(OrdersJsonContext.Default.OrderEffect);

        // Read from the catalog grain's state itself: its contract never hands a webhook secret out.
        var secret = await grains.GetGrain<ICatalogSecrets>(ICatalogGrain.DefaultStore).WebhookSecretAsync(effect.Sku);
        var result = string.IsNullOrEmpty(secret)
            ? new MerchantWebhookResult.Failed($"product {effect.Sku} has no webhook secret in the catalog, so the call cannot be signed")
            : await CallAsync(effect, context.IdempotencyKey, secret, cancellationToken);
        if (result is MerchantWebhookResult.Failed failed)
        {
            DeliveryLog.MerchantWebhookFailed(logger, effect.OrderId, effect.Step, failed.Reason);
        }

        return EffectResult.Reply(new MerchantWebhookAnswered(effect.Step, result, context.Now, Random.Shared.NextDouble()));
    }

    private async Task<MerchantWebhookResult> CallAsync(CallMerchantWebhook effect, string idempotencyKey, string secret, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(effect.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return new MerchantWebhookResult.Failed("the webhook URL is not an absolute http(s) URL");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new MerchantWebhookJson(
                effect.OrderId, idempotencyKey, effect.Sku, effect.ProductName, effect.Quantity, effect.CustomerEmail, effect.CustomerName, effect.AmountMinor, effect.Currency),
            MerchantWebhookJsonContext.Default.MerchantWebhookJson);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(MerchantWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(MerchantWebhookSignature.SignatureHeader, MerchantWebhookSignature.Sign(secret, timestamp, body));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);

        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            DeliveryLog.MerchantWebhookAnswered(logger, effect.OrderId, effect.Step, status);
            if (status is < 200 or >= 300)
            {
                return new MerchantWebhookResult.Failed($"the webhook answered HTTP {status}");
            }

            var (text, tooLarge) = await ReadAsync(response.Content, settings.MaxAnswerBytes, linked.Token);
            return tooLarge
                ? new MerchantWebhookResult.Failed($"the webhook's answer is larger than {settings.MaxAnswerBytes} bytes")
                : new MerchantWebhookResult.Ok(text);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new MerchantWebhookResult.Failed($"no answer within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new MerchantWebhookResult.Failed($"network error ({e.HttpRequestError})");
        }
    }

    private static async Task<(string Text, bool TooLarge)> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read > maxBytes ? (string.Empty, true) : (Encoding.UTF8.GetString(buffer, 0, read), false);
    }
}
