using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// What happened to an order, in the past tense. Events carry every datum their effects need (steps included), so
/// <see cref="OrderEffects.For"/> derives the planned effects from them without deciding anything again.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrderCreated), "order-created")]
[JsonDerivedType(typeof(OrderCreationRefused), "order-creation-refused")]
[JsonDerivedType(typeof(PaymentConfirmed), "payment-confirmed")]
[JsonDerivedType(typeof(PaymentMismatched), "payment-mismatched")]
[JsonDerivedType(typeof(DuplicatePaymentReceived), "duplicate-payment-received")]
[JsonDerivedType(typeof(HeldPaymentRefundRequested), "held-payment-refund-requested")]
[JsonDerivedType(typeof(PaymentFailed), "payment-failed")]
[JsonDerivedType(typeof(PaymentReversed), "payment-reversed")]
[JsonDerivedType(typeof(PaymentNoticeReceived), "payment-notice-received")]
[JsonDerivedType(typeof(ProviderOrderRecorded), "provider-order-recorded")]
[JsonDerivedType(typeof(FileLineDelivered), "file-line-delivered")]
[JsonDerivedType(typeof(SupplierOrderPlaced), "supplier-order-placed")]
[JsonDerivedType(typeof(SupplierPending), "supplier-pending")]
[JsonDerivedType(typeof(SupplierPollUnanswered), "supplier-poll-unanswered")]
[JsonDerivedType(typeof(SupplierPolled), "supplier-polled")]
[JsonDerivedType(typeof(SupplierCodesDelivered), "supplier-codes-delivered")]
[JsonDerivedType(typeof(SupplierFailed), "supplier-failed")]
[JsonDerivedType(typeof(SupplierUnreachable), "supplier-unreachable")]
[JsonDerivedType(typeof(SupplierAnswerUnreadable), "supplier-answer-unreadable")]
[JsonDerivedType(typeof(SupplierPostponed), "supplier-postponed")]
[JsonDerivedType(typeof(SupplierNotificationReceived), "supplier-notification-received")]
[JsonDerivedType(typeof(MerchantWebhookCalled), "merchant-webhook-called")]
[JsonDerivedType(typeof(LicenseDelivered), "license-delivered")]
[JsonDerivedType(typeof(LicenseItemReceived), "license-item-received")]
[JsonDerivedType(typeof(MerchantWebhookFailed), "merchant-webhook-failed")]
[JsonDerivedType(typeof(RetryScheduled), "retry-scheduled")]
[JsonDerivedType(typeof(ReviewRequired), "review-required")]
[JsonDerivedType(typeof(FulfillmentRetried), "fulfillment-retried")]
[JsonDerivedType(typeof(ManuallyDelivered), "manually-delivered")]
[JsonDerivedType(typeof(DeliveryEmailResendRequested), "delivery-email-resend-requested")]
[JsonDerivedType(typeof(EmailDeliveryLogged), "email-delivery-logged")]
[JsonDerivedType(typeof(EmailDeliveryFailed), "email-delivery-failed")]
[JsonDerivedType(typeof(CodesShown), "codes-shown")]
[JsonDerivedType(typeof(DeliveryConfirmed), "delivery-confirmed")]
[JsonDerivedType(typeof(OperatorActionRefused), "operator-action-refused")]
[JsonDerivedType(typeof(RefundStarted), "refund-started")]
[JsonDerivedType(typeof(RefundRetried), "refund-retried")]
[JsonDerivedType(typeof(RefundSettled), "refund-settled")]
[JsonDerivedType(typeof(RefundDeclined), "refund-declined")]
[JsonDerivedType(typeof(DeliveryOverdue), "delivery-overdue")]
[JsonDerivedType(typeof(PaymentReconciliationRequested), "payment-reconciliation-requested")]
public abstract record OrderEvent
{
    public abstract DateTimeOffset At { get; init; }
}

public sealed record OrderCreated(
    string OrderId,
    CustomerInfo Customer,
    EquatableArray<OrderLine> Lines,
    long AmountMinor,
    string Currency,
    DateTimeOffset At,
    bool Test = false) : OrderEvent;

/// <summary>A create that cannot be accepted: invalid data, or an existing order with different data.</summary>
public sealed record OrderCreationRefused(string OrderId, string Reason, DateTimeOffset At) : OrderEvent;

/// <summary>
/// The payment is accepted; if the order is still undelivered at <see cref="DeliveryDeadline"/>, operators are alerted.
/// <see cref="Reconciled"/>: the provider confirmed it when asked by the reconciliation sweep, not by a webhook.
/// </summary>
public sealed record PaymentConfirmed(
    string Provider,
    string EventId,
    long AmountMinor,
    string Currency,
    string PaymentReference,
    DateTimeOffset DeliveryDeadline,
    DateTimeOffset At,
    bool Reconciled = false) : OrderEvent;

/// <summary>The payment does not match the order (amount, currency, or already reversed); held for review.</summary>
public sealed record PaymentMismatched(
    string Provider,
    string EventId,
    long AmountMinor,
    string Currency,
    string PaymentReference,
    string Reason,
    DateTimeOffset At) : OrderEvent;

/// <summary>Another successful payment for an order that already has one; it is refunded on its own.</summary>
public sealed record DuplicatePaymentReceived(
    string Provider,
    string EventId,
    long AmountMinor,
    string Currency,
    string PaymentReference,
    string RefundStep,
    DateTimeOffset At) : OrderEvent;

/// <summary>
/// A payment held for a mismatch is returned, because another payment paid the order in full; operators are alerted.
/// </summary>
public sealed record HeldPaymentRefundRequested(RefundPlan Refund, DateTimeOffset At) : OrderEvent;

public sealed record PaymentFailed(string Provider, string EventId, string Reason, DateTimeOffset At) : OrderEvent;

/// <summary>
/// A reversal. <see cref="OrderReversed"/>: it took back the order's accepted payment, so fulfillment stops;
/// <see cref="RevokesEntitlements"/>: downloads granted by this order are withdrawn.
/// </summary>
public sealed record PaymentReversed(
    string Provider,
    string EventId,
    string? PaymentReference,
    bool OrderReversed,
    bool RevokesEntitlements,
    DateTimeOffset At) : OrderEvent;

public sealed record PaymentNoticeReceived(string Provider, string TrackingId, string LookupStep, DateTimeOffset At) : OrderEvent;

/// <summary>The provider's order <see cref="Id"/> for this order's payment became known, from <see cref="RecordedBy"/>.</summary>
public sealed record ProviderOrderRecorded(string Provider, string Id, string RecordedBy, DateTimeOffset At) : OrderEvent;

public sealed record FileLineDelivered(int LineNo, string EntitlementId, DateTimeOffset At) : OrderEvent;

public sealed record SupplierOrderPlaced(
    int LineNo,
    int Attempt,
    string Step,
    string SupplierSku,
    int Quantity,
    string Reference,
    bool LookupFirst,
    DateTimeOffset At) : OrderEvent;

/// <summary>The supplier has the order but no codes yet; poll at <see cref="NextPollAt"/>, give up at <see cref="Deadline"/>.</summary>
public sealed record SupplierPending(
    int LineNo,
    string SupplierOrderId,
    DateTimeOffset NextPollAt,
    DateTimeOffset Deadline,
    DateTimeOffset At) : OrderEvent;

/// <summary>A poll got no answer; polling is snoozed, not retried, so no attempt is spent.</summary>
public sealed record SupplierPollUnanswered(int LineNo, string Reason, DateTimeOffset NextPollAt, DateTimeOffset At) : OrderEvent;

public sealed record SupplierPolled(int LineNo, string Step, string SupplierOrderId, DateTimeOffset At) : OrderEvent;

public sealed record SupplierCodesDelivered(
    int LineNo,
    string SupplierOrderId,
    EquatableArray<CodeItem> Codes,
    DateTimeOffset At) : OrderEvent;

public sealed record SupplierFailed(int LineNo, string Reason, DateTimeOffset At) : OrderEvent;

public sealed record SupplierUnreachable(int LineNo, int Attempt, string Reason, bool MayHaveBeenCreated, DateTimeOffset At) : OrderEvent;

/// <summary>The supplier answered an order placement or lookup with a body that cannot be read; automation stops.</summary>
public sealed record SupplierAnswerUnreadable(int LineNo, int Attempt, string Reason, bool MayHaveBeenCreated, DateTimeOffset At) : OrderEvent;

/// <summary>
/// A supplier placement (or its lookup by reference) never reached the supplier: our circuit was open or no connection
/// could be opened. The attempt it was planned as is given back, so the line has spent <see cref="AttemptsSpent"/>;
/// <see cref="Postponement"/> counts the postponements in a row, which lengthen the wait up to
/// <see cref="OrderPolicy.MaxPostponeDelay"/>.
/// </summary>
public sealed record SupplierPostponed(int LineNo, int AttemptsSpent, int Postponement, string Reason, DateTimeOffset At) : OrderEvent;

public sealed record SupplierNotificationReceived(
    string EventId,
    string SupplierOrderId,
    SupplierNotificationStatus Status,
    int LineNo,
    DateTimeOffset At) : OrderEvent;

public sealed record MerchantWebhookCalled(int LineNo, int Attempt, string Step, DateTimeOffset At) : OrderEvent;

public sealed record LicenseDelivered(int LineNo, string LicenseText, DateTimeOffset At) : OrderEvent
{
    public override string ToString() =>
        $"LicenseDelivered {{ LineNo = {LineNo}, LicenseText = {CodeItem.Mask(LicenseText)}, At = {At:O} }}";
}

/// <summary>
/// With separate multibuy, the merchant answered the call for item <see cref="Item"/> of a line whose last item is still
/// to come; the line is delivered, in one email, with <see cref="LicenseDelivered"/> for its last item.
/// </summary>
public sealed record LicenseItemReceived(int LineNo, int Item, string LicenseText, DateTimeOffset At) : OrderEvent
{
    public override string ToString() =>
        $"LicenseItemReceived {{ LineNo = {LineNo}, Item = {Item}, LicenseText = {CodeItem.Mask(LicenseText)}, At = {At:O} }}";
}

public sealed record MerchantWebhookFailed(int LineNo, int Attempt, string Reason, DateTimeOffset At) : OrderEvent;

/// <summary>A transient failure; the named reminder fires at <see cref="DueAt"/> to try again.</summary>
public sealed record RetryScheduled(int LineNo, string WakeName, DateTimeOffset DueAt, DateTimeOffset At) : OrderEvent;

/// <summary>Automation stopped; <see cref="LineNo"/> is the line concerned, if any.</summary>
public sealed record ReviewRequired(int? LineNo, string Reason, AlertKind Alert, DateTimeOffset At) : OrderEvent;

public sealed record FulfillmentRetried(int LineNo, string RequestedBy, DateTimeOffset At) : OrderEvent;

/// <summary>An operator delivered a line by hand; for a license line the single item is the license text.</summary>
public sealed record ManuallyDelivered(int LineNo, EquatableArray<CodeItem> Codes, string Operator, DateTimeOffset At) : OrderEvent;

public sealed record DeliveryEmailResendRequested(
    string Step,
    EquatableArray<int> LineNos,
    string RequestedBy,
    DateTimeOffset At) : OrderEvent;

public sealed record EmailDeliveryLogged(string Step, DateTimeOffset At) : OrderEvent;

/// <summary>
/// A delivery email was given up after <see cref="Attempts"/> attempts. Operators are alerted if <see cref="Alert"/> is
/// set; when the failure leaves the order undelivered, a <see cref="ReviewRequired"/> follows and alerts instead.
/// </summary>
public sealed record EmailDeliveryFailed(string Step, int Attempts, string Reason, AlertKind? Alert, DateTimeOffset At) : OrderEvent;

/// <summary>The order page showed the codes or license of these lines to the buyer.</summary>
public sealed record CodesShown(EquatableArray<int> LineNos, DateTimeOffset At) : OrderEvent;

/// <summary>Every line has reached the buyer, the last one through <see cref="Via"/> (email or order page): the order is delivered.</summary>
public sealed record DeliveryConfirmed(DeliveryChannel Via, DateTimeOffset At) : OrderEvent;

/// <summary>An operator or customer request that does not fit the order's state; nothing changes but the history.</summary>
public sealed record OperatorActionRefused(string Action, string Reason, string RequestedBy, DateTimeOffset At) : OrderEvent;

/// <summary>
/// The order is being refunded: every payment in <see cref="Refunds"/> is returned, downloads are revoked if
/// <see cref="RevokesEntitlements"/>, and operators are alerted if <see cref="Alert"/> is set (automatic refunds).
/// </summary>
public sealed record RefundStarted(
    string Reason,
    EquatableArray<RefundPlan> Refunds,
    bool RevokesEntitlements,
    AlertKind? Alert,
    DateTimeOffset At) : OrderEvent;

public sealed record RefundRetried(RefundPlan Refund, string RequestedBy, DateTimeOffset At) : OrderEvent;

public sealed record RefundSettled(string Step, string RefundId, DateTimeOffset At) : OrderEvent;

public sealed record RefundDeclined(string Step, string Reason, DateTimeOffset At) : OrderEvent;

/// <summary>The delivery deadline passed with the order, paid at <see cref="PaidAt"/>, still undelivered; operators are alerted.</summary>
public sealed record DeliveryOverdue(DateTimeOffset PaidAt, DateTimeOffset At) : OrderEvent;

/// <summary>
/// The reconciliation sweep found the order unpaid past its age; the providers are asked under <see cref="Step"/>, about
/// the PesaPal <see cref="TrackingIds"/> seen in notices and the <see cref="ProviderOrderIds"/> recorded.
/// </summary>
public sealed record PaymentReconciliationRequested(
    string Step, EquatableArray<string> TrackingIds, DateTimeOffset At, EquatableArray<ProviderOrderId> ProviderOrderIds = default) : OrderEvent;
