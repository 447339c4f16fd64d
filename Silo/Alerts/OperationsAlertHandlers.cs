using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Delivery;
using Orleans.Delivery.Silo.Mail;
using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Alerts;

/// <summary>
/// Emails an operations alert (raised or resolved) to <c>Alerts:Email</c>, like an order's alert; the Message-ID comes
/// from the effect's idempotency key, so a resend after a lost acknowledgement is recognisably the same mail.
/// </summary>
public sealed class OperationsAlertMailHandler(IMailSender mail, IGrainFactory grains, IOptions<AlertOptions> options, ILogger<OperationsAlertMailHandler> logger)
    : IEffectHandler
{
    public string Kind => AlertsGrain.MailKind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var alert = JsonSerializer.Deserialize(context.Payload, OperationsJson.Default.OperationsAlert) ?? throw new JsonException("An operations alert is empty.");
        var recipients = options.Value.Recipients;
        if (recipients.Count == 0)
        {
            return EffectResult.Done;
        }

        var settings = (await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync([], cancellationToken)).Settings;
        var store = settings?.StoreName ?? "Orleans.Delivery";
        var subject = $"[{store}] {(alert.Status == "resolved" ? "Resolved" : "Alert")} {alert.Rule}";
        var text = $"{alert.Text}\n\nRule: {alert.Rule}\nStatus: {alert.Status}\nAt: {alert.At:u}\n\nOpen alerts are listed by the admin API at GET /admin/alerts/open.\n";
        var html = "<!DOCTYPE html><html><body>"
            + $"<p>{WebUtility.HtmlEncode(alert.Text)}</p>"
            + $"<p>Rule: <code>{WebUtility.HtmlEncode(alert.Rule)}</code><br>Status: {WebUtility.HtmlEncode(alert.Status)}<br>At: {alert.At:u}</p>"
            + "</body></html>";
        for (var i = 0; i < recipients.Count; i++)
        {
            var key = i == 0 ? context.IdempotencyKey : $"{context.IdempotencyKey}/{i + 1}";
            await mail.SendAsync(
                new OutgoingEmail(
                    recipients[i], null, settings?.SenderAddress ?? recipients[0], settings?.SenderName ?? store, null, subject, html, text,
                    OutgoingEmail.MessageIdFor(key), new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" }),
                cancellationToken);
        }

        OperationsLog.AlertEmailed(logger, alert.Rule, alert.Status, recipients.Count);
        return EffectResult.Done;
    }
}

/// <summary>
/// Posts an operations alert to <c>Alerts:WebhookUrl</c> as JSON: a Slack-compatible <c>text</c>, plus the rule, its
/// status and time. A 2xx answer is done; anything else is retried by the outbox with backoff.
/// </summary>
public sealed class OperationsAlertWebhookHandler(IHttpClientFactory http, IOptions<AlertOptions> options, ILogger<OperationsAlertWebhookHandler> logger)
    : IEffectHandler
{
    public const string HttpClientName = "alert-webhook";

    public string Kind => AlertsGrain.WebhookKind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var alert = JsonSerializer.Deserialize(context.Payload, OperationsJson.Default.OperationsAlert) ?? throw new JsonException("An operations alert is empty.");
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl))
        {
            return EffectResult.Done;
        }

        var body = new JsonObject
        {
            ["text"] = alert.Text,
            ["rule"] = alert.Rule,
            ["status"] = alert.Status,
            ["message"] = alert.Message,
            ["at"] = alert.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.WebhookUrl) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", context.IdempotencyKey);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return EffectResult.Retry($"the alert webhook answered HTTP {(int)response.StatusCode}");
            }

            OperationsLog.AlertPosted(logger, alert.Rule, alert.Status, (int)response.StatusCode);
            return EffectResult.Done;
        }
        catch (HttpRequestException exception)
        {
            return EffectResult.Retry($"the alert webhook is unreachable: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EffectResult.Retry("the alert webhook timed out");
        }
    }
}
