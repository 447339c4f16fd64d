using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Tells operators about an alert the order raised (<see cref="RaiseAlert"/>). The order already wrote it to the
/// <c>alerts</c> stream in its turn; this logs it as a warning under its stable kind (for log-based alert routing) and,
/// when <c>Alerts:Email</c> is set, emails it. The email's Message-ID comes from the effect's idempotency key, so a
/// resend after a lost acknowledgement is recognisable as the same alert.
/// </summary>
public sealed class AlertHandler(IMailSender mail, IGrainFactory grains, IOptions<AlertOptions> options, ILogger<AlertHandler> logger) : IEffectHandler
{
    public string Kind => OrderEffectKinds.Alert;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var alert = (RaiseAlert)context.Read(OrdersJsonContext.Default.OrderEffect);
        var kind = alert.Kind.Name();

        // Logged on every dispatch: a duplicate warning is better than a lost one.
        DeliveryLog.Alert(logger, kind, alert.OrderId, alert.Message);
        var recipients = options.Value.Recipients;
        if (recipients.Count == 0)
        {
            return EffectResult.Done;
        }

        var settings = (await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync([], cancellationToken)).Settings;
        var store = settings?.StoreName ?? "Orleans.Delivery";
        var subject = $"[{store}] Alert {kind}: order {alert.OrderId}";
        var text = $"{alert.Message}\n\nKind: {kind}\nOrder: {alert.OrderId}\nRaised: {context.Now:u}\n\n"
            + "Orders waiting for an operator are listed by the admin API at GET /admin/review.\n";
        var html = "<!DOCTYPE html><html><body>"
            + $"<p>{WebUtility.HtmlEncode(alert.Message)}</p>"
            + $"<p>Kind: <code>{WebUtility.HtmlEncode(kind)}</code><br>Order: <code>{WebUtility.HtmlEncode(alert.OrderId)}</code><br>Raised: {context.Now:u}</p>"
            + "<p>Orders waiting for an operator are listed by the admin API at <code>GET /admin/review</code>.</p>"
            + "</body></html>";
        var from = settings?.SenderAddress ?? recipients[0];
        for (var i = 0; i < recipients.Count; i++)
        {
            var key = i == 0 ? context.IdempotencyKey : $"{context.IdempotencyKey}/{i + 1}";
            await mail.SendAsync(
                new OutgoingEmail(
                    recipients[i],
                    null,
                    from,
                    settings?.SenderName ?? store,
                    null,
                    subject,
                    html,
                    text,
                    OutgoingEmail.MessageIdFor(key),
                    new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" }),
                cancellationToken);
        }

        DeliveryLog.AlertEmailed(logger, kind, alert.OrderId, recipients.Count);
        return EffectResult.Done;
    }
}
