using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>The cause text of each history entry, written for operators. Never includes codes, PINs or license text.</summary>
internal static class OrderHistory
{
    public static string Describe(OrderEvent @event, OrderState before) => @event switch
    {
        OrderCreated e => $"{(e.Test ? "test order" : "order")} created: {e.Lines.Count} line(s), {Money.Format(e.AmountMinor, e.Currency)}",
        OrderCreationRefused e => $"create refused: {e.Reason}",
        PaymentConfirmed e => $"payment {e.Provider} {e.EventId} confirmed" + (e.Reconciled ? " by reconciliation" : "") + $" ({Money.Format(e.AmountMinor, e.Currency)})",
        PaymentReconciliationRequested e => $"no payment confirmed yet; asking the payment providers (reconciliation {e.Step})",
        PaymentMismatched e => $"payment {e.Provider} {e.EventId} held: {e.Reason}",
        DuplicatePaymentReceived e => $"duplicate payment {e.Provider} {e.EventId} ({Money.Format(e.AmountMinor, e.Currency)}); refunding it",
        HeldPaymentRefundRequested e =>
            $"held payment {e.Refund.Provider} {e.Refund.PaymentEventId} ({Money.Format(e.Refund.AmountMinor, e.Refund.Currency)}) refunding: the order is paid in full",
        PaymentFailed e => $"payment {e.Provider} {e.EventId} failed: {e.Reason}",
        PaymentReversed e => $"payment reversed ({e.Provider} {e.EventId})"
            + (e.OrderReversed ? "; fulfillment stopped" : "")
            + (e.RevokesEntitlements ? "; downloads revoked" : ""),
        ProviderOrderRecorded e => $"{e.Provider} order {e.Id} named by the {e.RecordedBy}; reconciliation will ask about it",
        PaymentNoticeReceived e => $"{e.Provider} notice for {e.TrackingId}; looking up the payment status",
        FileLineDelivered e => $"{Line(before, e.LineNo)}: download granted",
        SupplierOrderPlaced e => $"{Line(before, e.LineNo)}: supplier order placed, attempt {e.Attempt}" + (e.LookupFirst ? " (looking up first)" : ""),
        SupplierPending e => $"{Line(before, e.LineNo)}: supplier order {e.SupplierOrderId} pending; next poll {e.NextPollAt:O}",
        SupplierPollUnanswered e => $"{Line(before, e.LineNo)}: supplier poll unanswered ({e.Reason}); next poll {e.NextPollAt:O}",
        SupplierPolled e => $"{Line(before, e.LineNo)}: polling supplier order {e.SupplierOrderId}",
        SupplierCodesDelivered e => $"{Line(before, e.LineNo)}: {e.Codes.Count} code(s) received",
        SupplierFailed e => $"{Line(before, e.LineNo)}: supplier failed: {e.Reason}",
        SupplierUnreachable e => $"{Line(before, e.LineNo)}: supplier unreachable on attempt {e.Attempt}: {e.Reason}",
        SupplierAnswerUnreadable e => $"{Line(before, e.LineNo)}: unreadable supplier answer on attempt {e.Attempt}: {e.Reason}",
        SupplierPostponed e => $"{Line(before, e.LineNo)}: supplier call postponed, no attempt spent ({e.AttemptsSpent} so far, postponement {e.Postponement}): {e.Reason}",
        SupplierNotificationReceived e => $"supplier notification {e.EventId}: order {e.SupplierOrderId} {e.Status.ToString().ToLowerInvariant()}",
        MerchantWebhookCalled e => $"{Line(before, e.LineNo)}: merchant webhook called, attempt {e.Attempt}",
        LicenseDelivered e => $"{Line(before, e.LineNo)}: license received",
        LicenseItemReceived e => $"{Line(before, e.LineNo)}: license {e.Item} of {before.WebhookItems(e.LineNo)} received",
        MerchantWebhookFailed e => $"{Line(before, e.LineNo)}: merchant webhook failed on attempt {e.Attempt}: {e.Reason}",
        RetryScheduled e => $"{Line(before, e.LineNo)}: retry at {e.DueAt:O}",
        ReviewRequired e => $"manual review: {e.Reason}",
        FulfillmentRetried e => $"{Line(before, e.LineNo)}: retry requested by {e.RequestedBy}",
        ManuallyDelivered e => $"{Line(before, e.LineNo)}: delivered by hand by {e.Operator}",
        DeliveryEmailResendRequested e => $"delivery email resend requested by {e.RequestedBy} ({e.Step})",
        EmailDeliveryLogged e => $"email {e.Step} sent",
        EmailDeliveryFailed e => $"email {e.Step} failed after {e.Attempts} attempt(s): {e.Reason}",
        CodesShown e => $"{string.Join(", ", e.LineNos.Select(n => Line(before, n)))}: shown on the order page",
        DeliveryConfirmed e => e.Via == DeliveryChannel.Email ? "delivered: the email was accepted by the mail server" : "delivered: shown on the order page",
        OperatorActionRefused e => $"{e.Action} by {e.RequestedBy} refused: {e.Reason}",
        RefundStarted e => $"refund started: {e.Reason}",
        RefundRetried e => $"refund of payment {e.Refund.PaymentEventId} retried by {e.RequestedBy}",
        RefundSettled e => $"refund {e.Step} completed ({e.RefundId})",
        RefundDeclined e => $"refund {e.Step} failed: {e.Reason}",
        DeliveryOverdue e => $"not delivered {Elapsed(e.At - e.PaidAt)} after payment",
        _ => @event.GetType().Name,
    };

    /// <summary>Whole minutes ("15 minutes"), or whole seconds under a minute ("40 seconds").</summary>
    public static string Elapsed(TimeSpan span) => span >= TimeSpan.FromMinutes(1)
        ? Plural((long)span.TotalMinutes, "minute")
        : Plural((long)Math.Max(0, span.TotalSeconds), "second");

    private static string Plural(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static string Line(OrderState state, int lineNo) => $"line {lineNo} ({state.Line(lineNo).Product.Name})";
}
