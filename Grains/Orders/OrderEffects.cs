using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Derives planned effects from events. Nothing is decided here: each event says what is to be done.</summary>
public static class OrderEffects
{
    /// <summary>The effects of <paramref name="events"/>, applied in order to <paramref name="state"/> (the state before them).</summary>
    public static EquatableArray<OrderEffect> For(IEnumerable<OrderEvent> events, OrderState state)
    {
        var effects = new List<OrderEffect>();
        foreach (var @event in events)
        {
            var after = state.Evolve(@event);
            effects.AddRange(Of(@event, after));
            state = after;
        }

        return effects.ToEquatableArray();
    }

    /// <summary>
    /// Reminders to set or move, and reminders no longer wanted. A reminder that fired and was handled is cancelled
    /// too, so an engine with repeating reminders stops it.
    /// </summary>
    public static EquatableArray<ReminderChange> Reminders(OrderState before, OrderState after) =>
        after.Wakes.Where(w => !before.Wakes.Contains(w)).Select(ReminderChange (w) => new WakeAt(w.Name, w.DueAt))
            .Concat(before.Wakes.Where(w => !after.HasWake(w.Name)).Select(w => new CancelWake(w.Name)))
            .ToEquatableArray();

    private static IEnumerable<OrderEffect> Of(OrderEvent @event, OrderState after)
    {
        var id = after.OrderId;
        switch (@event)
        {
            case PaymentMismatched e:
                yield return Alert(after, AlertKind.PaymentMismatch, $"order {id}: payment {e.Provider} {e.EventId} held: {e.Reason}");
                break;
            case DuplicatePaymentReceived e:
                yield return Refund(id, OrderState.DuplicateRefundPlan(e), "duplicate payment");
                yield return Alert(after, AlertKind.DuplicatePayment, $"order {id}: duplicate payment {e.Provider} {e.EventId}; refunding it");
                break;
            case HeldPaymentRefundRequested e:
                yield return Refund(id, e.Refund, "held payment returned: the order was paid in full by another payment");
                yield return Alert(
                    after,
                    AlertKind.HeldPaymentRefund,
                    $"order {id}: held payment {e.Refund.Provider} {e.Refund.PaymentEventId} ({Money.Format(e.Refund.AmountMinor, e.Refund.Currency)}) "
                    + "refunded: the order was paid in full by another payment");
                break;
            case PaymentReversed e:
                if (e.RevokesEntitlements)
                {
                    yield return new RevokeEntitlement(id, OrderSteps.RevokeEntitlements, after.Customer.CustomerId);
                }

                yield return Alert(after, AlertKind.PaymentReversed, $"order {id}: payment reversed by {e.Provider} ({e.EventId})");
                break;
            case PaymentNoticeReceived e:
                yield return new LookupPaymentStatus(id, e.LookupStep, e.Provider, e.TrackingId);
                break;
            case PaymentReconciliationRequested e:
                yield return new ReconcilePaymentStatus(id, e.Step, e.TrackingIds, e.ProviderOrderIds);
                break;
            case FileLineDelivered e:
                var line = after.Line(e.LineNo);
                yield return new GrantEntitlement(
                    id, OrderSteps.GrantEntitlement(e.LineNo), after.Customer.CustomerId, after.Customer.Email,
                    e.EntitlementId, line.Sku, line.Product.Name, line.Product.DownloadLimit);
                yield return DeliveryEmail(after, e.LineNo);
                break;
            case SupplierOrderPlaced e:
                yield return new PlaceSupplierOrder(
                    id, e.Step, e.LineNo, e.SupplierSku, e.Quantity, e.Reference, e.LookupFirst, after.Test, after.Line(e.LineNo).UnitPriceMinor * e.Quantity, after.Currency);
                break;
            case SupplierPolled e:
                yield return new PollSupplierOrder(id, e.Step, e.LineNo, e.SupplierOrderId, after.SupplierReferenceFor(e.LineNo), after.Test);
                break;
            case SupplierCodesDelivered e:
                yield return DeliveryEmail(after, e.LineNo);
                break;
            case LicenseDelivered e:
                foreach (var effect in Delivered(after, e.LineNo))
                {
                    yield return effect;
                }

                break;
            case ManuallyDelivered e:
                foreach (var effect in Delivered(after, e.LineNo))
                {
                    yield return effect;
                }

                break;
            case MerchantWebhookCalled e:
                var webhookLine = after.Line(e.LineNo);
                var request = webhookLine.Product.WebhookRequest;
                var item = request.SeparateMultibuy ? after.ProgressOf(e.LineNo).Codes.Count + 1 : 1;
                yield return new CallMerchantWebhook(
                    id, e.Step, e.LineNo, webhookLine.Product.MerchantWebhookUrl!, webhookLine.Sku, webhookLine.Product.Name,
                    request.SeparateMultibuy ? 1 : webhookLine.Quantity, after.Customer.Email, after.Customer.Name,
                    request.SeparateMultibuy ? webhookLine.UnitPriceMinor : webhookLine.TotalMinor, after.Currency,
                    MerchantDeliveryIds.For(id, e.LineNo, item),
                    request,
                    after.AcceptedPayment?.PaymentReference,
                    MerchantDeliveryIds.CheckoutHash(id));
                break;
            case ReviewRequired e:
                yield return Alert(after, e.Alert, $"order {id}: {e.Reason}");
                break;
            case EmailDeliveryFailed { Alert: { } failureKind } e:
                yield return Alert(after, failureKind, $"order {id}: {after.Email(e.Step)!.Failure!.Describe()} ({e.Step})");
                break;
            case DeliveryEmailResendRequested e:
                var items = after.ContentFor(e.LineNos);
                yield return new SendDeliveryEmail(id, e.Step, after.Customer.Email, after.Customer.Name, OrderState.KindOf(items), items, IsResend: true);
                break;
            case RefundStarted e:
                foreach (var plan in e.Refunds)
                {
                    yield return Refund(id, plan, e.Reason);
                }

                if (e.RevokesEntitlements)
                {
                    yield return new RevokeEntitlement(id, OrderSteps.RevokeEntitlements, after.Customer.CustomerId);
                }

                if (e.Alert is { } kind)
                {
                    yield return Alert(after, kind, $"order {id}: {e.Reason}; refunding");
                }

                break;
            case RefundRetried e:
                yield return Refund(id, e.Refund, $"retry by {e.RequestedBy}");
                break;
            case RefundDeclined e:
                yield return Alert(after, AlertKind.RefundFailed, $"order {id}: refund {e.Step} failed: {e.Reason}");
                break;
            case DeliveryOverdue e:
                yield return Alert(
                    after,
                    AlertKind.OrderUndelivered,
                    $"order {id}: not delivered {OrderHistory.Elapsed(e.At - e.PaidAt)} after payment; status {OrderViews.Status(after.Status)}"
                    + (after.ReviewReason is { } reason ? $" ({reason})" : ""));
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A fulfilled code or license line: its email, unless the product's order emails are off; a license also goes to the
    /// buyer's account.
    /// </summary>
    private static IEnumerable<OrderEffect> Delivered(OrderState after, int lineNo)
    {
        var line = after.Line(lineNo);
        if (!line.Product.OrderEmailsOff)
        {
            yield return DeliveryEmail(after, lineNo);
        }

        if (line.Product.Kind == ProductKind.MerchantWebhook)
        {
            yield return new RecordLicense(
                after.OrderId, OrderSteps.RecordLicense(lineNo), after.Customer.CustomerId, after.Customer.Email, lineNo, line.Sku,
                line.Product.Name, line.Product.Instructions, after.ProgressOf(lineNo).Codes.Select(c => c.Code).ToEquatableArray());
        }
    }

    private static SendDeliveryEmail DeliveryEmail(OrderState after, int lineNo)
    {
        EquatableArray<DeliveryContent> items = [after.ContentOf(lineNo)];
        return new SendDeliveryEmail(
            after.OrderId, OrderSteps.DeliveryEmail(lineNo), after.Customer.Email, after.Customer.Name, OrderState.KindOf(items), items, IsResend: false);
    }

    private static RefundPayment Refund(string orderId, RefundPlan plan, string reason) =>
        new(orderId, plan.Step, plan.Provider, plan.PaymentEventId, plan.PaymentReference, plan.AmountMinor, plan.Currency, reason);

    // The event's sequence number makes the step unique even when the same kind of alert is raised twice.
    private static RaiseAlert Alert(OrderState after, AlertKind kind, string message) =>
        new(after.OrderId, OrderSteps.Alert(kind, after.Sequence), kind, message);
}
