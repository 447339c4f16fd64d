using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Asks a merchant's fulfillment webhook for a license (<see cref="CallMerchantWebhook"/>) as the product is set up
/// (GET with a query string, or POST with a form or JSON body), signed the Standard Webhooks way
/// (<see cref="StandardWebhookSignature"/>) with the product's secrets as the catalog holds them now, and, for one more
/// release, with the deprecated <see cref="MerchantWebhookSignature"/>. Connections go only to allowed addresses
/// (<see cref="MerchantConnections"/>), redirects are not followed, and answers are read up to a cap. It tells the order
/// (<see cref="MerchantWebhookAnswered"/>): a 200 with text is the license; a failure worth retrying is
/// <see cref="MerchantWebhookResult.Failed"/>; an answer that is not deliverable, or a refused target, is
/// <see cref="MerchantWebhookResult.Refused"/>, which goes to review. Failures are answers, not exceptions, so the
/// order's own retry policy is the only one.
/// </summary>
public sealed class MerchantWebhookHandler(
    IHttpClientFactory http,
    IGrainFactory grains,
    MerchantConnections connections,
    IOptions<MerchantWebhookOptions> options,
    TimeProvider time,
    ILogger<MerchantWebhookHandler> logger) : IEffectHandler
{
    /// <summary>The named <see cref="HttpClient"/> the calls go through.</summary>
    public const string HttpClientName = "merchant-webhook";

    public string Kind => OrderEffectKinds.MerchantWebhook;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (CallMerchantWebhook)context.Read(OrdersJsonContext.Default.OrderEffect);

        // Read from the catalog grain's state itself: its contract never hands a webhook secret out.
        var secrets = await grains.GetGrain<ICatalogSecrets>(Grains.Interfaces.ICatalogGrain.DefaultStore).WebhookSigningSecretsAsync(effect.Sku);
        var result = secrets.Length == 0
            ? new MerchantWebhookResult.Failed($"product {effect.Sku} has no webhook secret in the catalog, so the call cannot be signed")
            : await CallAsync(effect, secrets, cancellationToken);
        switch (result)
        {
            case MerchantWebhookResult.Failed failed:
                DeliveryLog.MerchantWebhookFailed(logger, effect.OrderId, effect.Step, failed.Reason);
                break;
            case MerchantWebhookResult.Refused refused:
                DeliveryLog.MerchantWebhookFailed(logger, effect.OrderId, effect.Step, $"{refused.Code}: {refused.Reason}");
                break;
        }

        return EffectResult.Reply(new MerchantWebhookAnswered(effect.Step, result, context.Now, Random.Shared.NextDouble()));
    }

    private async Task<MerchantWebhookResult> CallAsync(CallMerchantWebhook effect, string[] secrets, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(effect.Url, UriKind.Absolute, out var url) || !MerchantTargets.IsWebScheme(url))
        {
            return new MerchantWebhookResult.Refused("unsupported_url", "the webhook URL is not an absolute http or https URL");
        }

        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Checked before anything is built, for a clear reason early; the connection checks again what it dials.
            await connections.AllowedAddressesAsync(url.IdnHost, linked.Token);

            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            var call = await MerchantWebhookRequests.BuildAsync(effect, url, timestamp, linked.Token);
            using var request = new HttpRequestMessage(call.Method, call.Url) { Content = call.Content };
            var deliveryId = effect.DeliveryId ?? MerchantDeliveryIds.For(effect.OrderId, effect.LineNo, 1);
            var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
            request.Headers.TryAddWithoutValidation(StandardWebhookSignature.IdHeader, deliveryId);
            request.Headers.TryAddWithoutValidation(StandardWebhookSignature.TimestampHeader, stamp);
            request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(secrets, deliveryId, timestamp, call.SignedContent));
            request.Headers.TryAddWithoutValidation(MerchantWebhookSignature.TimestampHeader, stamp);
            request.Headers.TryAddWithoutValidation(MerchantWebhookSignature.SignatureHeader, MerchantWebhookSignature.Sign(secrets[0], timestamp, call.SignedContent));

            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            DeliveryLog.MerchantWebhookAnswered(logger, effect.OrderId, effect.Step, status);
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location is { } to ? $" to {to}" : "";
                return new MerchantWebhookResult.Refused("redirect_not_followed", $"the webhook answered HTTP {status}{location}; redirects are not followed");
            }

            if (status != 200)
            {
                return new MerchantWebhookResult.Failed($"the webhook answered HTTP {status}");
            }

            var (text, tooLarge) = await ReadAsync(response.Content, settings.MaxAnswerBytes, linked.Token);
            if (tooLarge)
            {
                return new MerchantWebhookResult.Refused("response_too_large", $"the webhook's answer is larger than {settings.MaxAnswerBytes} bytes");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return new MerchantWebhookResult.Refused("empty_response", "the webhook answered 200 with an empty body");
            }

            return response.Content.Headers.ContentType?.MediaType == "text/html" || MerchantAnswers.ContainsHtml(text)
                ? new MerchantWebhookResult.Refused("html_in_response", "the webhook's answer contains HTML; answers are plain text or Markdown")
                : new MerchantWebhookResult.Ok(text.Trim());
        }
        catch (MerchantTargetRefusedException e)
        {
            return new MerchantWebhookResult.Refused("target_refused", e.Message);
        }
        catch (HttpRequestException e) when (e.InnerException is MerchantTargetRefusedException refused)
        {
            return new MerchantWebhookResult.Refused("target_refused", refused.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new MerchantWebhookResult.Failed($"no answer within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return new MerchantWebhookResult.Failed($"the webhook's host could not be resolved or reached ({e.SocketErrorCode})");
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
