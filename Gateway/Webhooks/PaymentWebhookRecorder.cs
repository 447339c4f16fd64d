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

        if (notification.OrderId is not { Length: > 0 and <= GrainKeys.MaxLength } orderId)
        {
            return await KeepUnmatchedAsync(notification, cancellationToken);
        }

        // One call: the order answers unknown_order when it was never created, and the notification is kept instead.
        var order = grains.GetGrain<IOrderGrain>(orderId);
        var answer = notification.Outcome == Webhooks.PaymentOutcome.OrderNamed
            ? await order.RecordProviderOrderAsync(new ProviderOrderReference(notification.Provider, notification.ProviderOrderId!, "webhook"), cancellationToken)
            : await order.RecordPaymentAsync(ReportOf(notification), cancellationToken);
        if (answer.UnknownOrder)
        {
            return await KeepUnmatchedAsync(notification, cancellationToken);
        }

        WebhooksLog.Recorded(logger, notification.Provider, notification.EventId, orderId, answer.Changed, answer.Status);
        return new WebhookAnswer(true, answer.Changed ? "recorded" : "duplicate", answer.Status, answer.Error);
    }

    public async Task<WebhookAnswer> KeepAsync(string source, string eventId, string? reference, string reason, string summary, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IInboxGrain>(source).KeepUnmatchedAsync(new UnmatchedWebhook(source, eventId, reference, reason, summary), cancellationToken);
        WebhooksLog.Unmatched(logger, source, eventId, reason);
        return new WebhookAnswer(true, "kept_for_inspection", Reason: reason);
    }

    private Task<WebhookAnswer> KeepUnmatchedAsync(PaymentNotification notification, CancellationToken cancellationToken) =>
        KeepAsync(notification.Provider, notification.EventId, notification.OrderId, OrderAnswer.UnknownOrderCode, Summary(notification), cancellationToken);

    private static PaymentReport ReportOf(PaymentNotification n) => new(
        n.Provider,
        n.EventId,
        n.Outcome switch
        {
            Webhooks.PaymentOutcome.Succeeded => Grains.Interfaces.PaymentOutcome.Succeeded,
            Webhooks.PaymentOutcome.Failed => Grains.Interfaces.PaymentOutcome.Failed,
            _ => Grains.Interfaces.PaymentOutcome.Reversed,
        },
        n.AmountMinor,
        n.Currency,
        n.PaymentReference,
        ProviderOrderId: n.ProviderOrderId);

    private static string Summary(PaymentNotification n) =>
        $"{n.Outcome} {n.AmountMinor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} {n.Currency ?? "?"} ref {n.PaymentReference ?? "?"}";
}
