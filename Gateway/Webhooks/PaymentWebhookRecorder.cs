using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>
/// Records one verified payment notification with one turn of its order. A notification for no known order is
/// kept in the sender's inbox and answered 2xx, so the provider stops retrying.
/// </summary>
public sealed class PaymentWebhookRecorder(IGrainFactory grains, ILogger<PaymentWebhookRecorder> logger)
{
    public async Task<WebhookAnswer> RecordAsync(PaymentNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Outcome == Webhooks.PaymentOutcome.Unrecognised)
        {
            WebhooksLog.Ignored(logger, notification.Provider, notification.EventId);
            return new WebhookAnswer(true, "ignored", Reason: "event type not acted on");
        }

        var orderId = notification.OrderId is { Length: > 0 and <= GrainKeys.MaxLength } id ? id : null;
        var order = orderId is null ? null : grains.GetGrain<IOrderGrain>(orderId);
        if (orderId is null || order is null || await order.GetAsync(cancellationToken) is null)
        {
            return await KeepAsync(notification.Provider, notification.EventId, notification.OrderId, "unknown_order", Summary(notification), cancellationToken);
        }

        if (notification.Outcome == Webhooks.PaymentOutcome.OrderNamed)
        {
            var named = await order.RecordProviderOrderAsync(
                new ProviderOrderReference(notification.Provider, notification.ProviderOrderId!, "webhook"), cancellationToken);
            WebhooksLog.Recorded(logger, notification.Provider, notification.EventId, orderId, named.Changed, named.Status);
            return new WebhookAnswer(true, named.Changed ? "recorded" : "duplicate", named.Status, named.Error);
        }

        var answer = await order.RecordPaymentAsync(
            new PaymentReport(
                notification.Provider,
                notification.EventId,
                notification.Outcome switch
                {
                    Webhooks.PaymentOutcome.Succeeded => Grains.Interfaces.PaymentOutcome.Succeeded,
                    Webhooks.PaymentOutcome.Failed => Grains.Interfaces.PaymentOutcome.Failed,
                    _ => Grains.Interfaces.PaymentOutcome.Reversed,
                },
                notification.AmountMinor,
                notification.Currency,
                notification.PaymentReference,
                ProviderOrderId: notification.ProviderOrderId),
            cancellationToken);
        WebhooksLog.Recorded(logger, notification.Provider, notification.EventId, orderId, answer.Changed, answer.Status);
        return new WebhookAnswer(true, answer.Changed ? "recorded" : "duplicate", answer.Status, answer.Error);
    }

    public async Task<WebhookAnswer> KeepAsync(string source, string eventId, string? reference, string reason, string summary, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IInboxGrain>(source).KeepUnmatchedAsync(new UnmatchedWebhook(source, eventId, reference, reason, summary), cancellationToken);
        WebhooksLog.Unmatched(logger, source, eventId, reason);
        return new WebhookAnswer(true, "kept_for_inspection", Reason: reason);
    }

    private static string Summary(PaymentNotification n) =>
        $"{n.Outcome} {n.AmountMinor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} {n.Currency ?? "?"} ref {n.PaymentReference ?? "?"}";
}
