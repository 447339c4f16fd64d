using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Everything that can happen to an order: customer and operator requests, payment and supplier webhooks, results of
/// effects, and reminders firing. The shell stamps <see cref="Now"/>; ids and jitter arrive as data.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CreateOrder), "create-order")]
[JsonDerivedType(typeof(ConfirmPayment), "confirm-payment")]
[JsonDerivedType(typeof(RecordPaymentFailure), "record-payment-failure")]
[JsonDerivedType(typeof(RecordPaymentReversed), "record-payment-reversed")]
[JsonDerivedType(typeof(RecordPaymentNotice), "record-payment-notice")]
[JsonDerivedType(typeof(RecordProviderOrder), "record-provider-order")]
[JsonDerivedType(typeof(SupplierAnswered), "supplier-answered")]
[JsonDerivedType(typeof(SupplierNotified), "supplier-notified")]
[JsonDerivedType(typeof(MerchantWebhookAnswered), "merchant-webhook-answered")]
[JsonDerivedType(typeof(Wake), "wake")]
[JsonDerivedType(typeof(DeliveryEmailSent), "delivery-email-sent")]
[JsonDerivedType(typeof(DeliveryEmailFailed), "delivery-email-failed")]
[JsonDerivedType(typeof(RecordCodesShown), "record-codes-shown")]
[JsonDerivedType(typeof(ResendDeliveryEmail), "resend-delivery-email")]
[JsonDerivedType(typeof(RetryFulfillment), "retry-fulfillment")]
[JsonDerivedType(typeof(MarkDelivered), "mark-delivered")]
[JsonDerivedType(typeof(RefundOrder), "refund-order")]
[JsonDerivedType(typeof(RetryRefund), "retry-refund")]
[JsonDerivedType(typeof(RefundCompleted), "refund-completed")]
[JsonDerivedType(typeof(RefundFailed), "refund-failed")]
[JsonDerivedType(typeof(ReconcilePayment), "reconcile-payment")]
public abstract record OrderCommand
{
    public abstract DateTimeOffset Now { get; init; }
}

/// <summary>
/// Creates the order awaiting payment. The caller prices it from the catalog (<c>Pricing.Price</c>); the decider
/// checks that the amount is the sum of the lines. Sending it again with the same data changes nothing. A
/// <see cref="Test"/> order runs the real pipeline but is left out of alert statistics.
/// </summary>
public sealed record CreateOrder(
    string OrderId,
    CustomerInfo Customer,
    EquatableArray<OrderLine> Lines,
    long AmountMinor,
    string Currency,
    DateTimeOffset Now,
    bool Test = false) : OrderCommand;

/// <summary>
/// A provider says a payment succeeded (Stripe payment_intent.succeeded or checkout.session.completed, PayPal capture
/// completed or a checkout order carrying it, PesaPal lookup). <see cref="PaymentReference"/> is the payment itself
/// (PaymentIntent, capture, tracking id); each event about it has its own <see cref="EventId"/>.
/// <see cref="Reconciled"/>: the answer of a lookup the reconciliation sweep asked for, not a webhook.
/// </summary>
public sealed record ConfirmPayment(
    string Provider,
    string EventId,
    long AmountMinor,
    string Currency,
    string PaymentReference,
    DateTimeOffset Now,
    bool Reconciled = false) : OrderCommand;

/// <summary>A provider says a payment attempt failed; the customer may pay again.</summary>
public sealed record RecordPaymentFailure(string Provider, string EventId, string Reason, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// A provider reversed a payment (chargeback, reversal). <see cref="PaymentReference"/> names the payment; null means
/// the order's accepted payment.
/// </summary>
public sealed record RecordPaymentReversed(string Provider, string EventId, string? PaymentReference, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// An instant payment notification that only says "something changed" (PesaPal IPN). It never confirms anything by
/// itself: it asks for a status lookup, whose result comes back as one of the payment commands.
/// </summary>
public sealed record RecordPaymentNotice(string Provider, string TrackingId, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// The provider's own order for this order's payment (a PayPal checkout order id), named by the storefront that
/// created it or by a webhook (<see cref="RecordedBy"/>). It confirms nothing: the reconciliation sweep asks about it.
/// </summary>
public sealed record RecordProviderOrder(string Provider, string Id, string RecordedBy, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// The result of a <see cref="PlaceSupplierOrder"/> or <see cref="PollSupplierOrder"/> effect, for the effect's step.
/// <see cref="Jitter"/> is a number in [0, 1) drawn by the shell, used if a retry is scheduled.
/// </summary>
public sealed record SupplierAnswered(string Step, SupplierResult Result, DateTimeOffset Now, double Jitter = 0) : OrderCommand;

/// <summary>The supplier's own webhook about one of its orders (signature already verified by the gateway).</summary>
public sealed record SupplierNotified(
    string EventId,
    string SupplierOrderId,
    string? Reference,
    SupplierNotificationStatus Status,
    EquatableArray<CodeItem> Items,
    string? Reason,
    DateTimeOffset Now) : OrderCommand;

/// <summary>The result of a <see cref="CallMerchantWebhook"/> effect, for the effect's step.</summary>
public sealed record MerchantWebhookAnswered(string Step, MerchantWebhookResult Result, DateTimeOffset Now, double Jitter = 0) : OrderCommand;

/// <summary>A reminder set by <see cref="WakeAt"/> fired.</summary>
public sealed record Wake(string Name, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// The mail handler reports a delivery email accepted by the mail service (SMTP 250, SendGrid 202, written to the
/// pickup folder). Failed sends are retried by the outbox and end, if they never succeed, as <see cref="DeliveryEmailFailed"/>.
/// </summary>
public sealed record DeliveryEmailSent(string Step, DateTimeOffset Now) : OrderCommand;

/// <summary>The outbox gave up on a delivery email after <see cref="Attempts"/> failed attempts; <see cref="Reason"/> is the last error.</summary>
public sealed record DeliveryEmailFailed(string Step, int Attempts, string Reason, DateTimeOffset Now) : OrderCommand;

/// <summary>The buyer's order page showed the order's codes or license: those lines reached the buyer.</summary>
public sealed record RecordCodesShown(DateTimeOffset Now) : OrderCommand;

/// <summary>Support or the customer asks for the delivery email again.</summary>
public sealed record ResendDeliveryEmail(string RequestedBy, DateTimeOffset Now) : OrderCommand;

/// <summary>Operator: try the line under review again, from a fresh attempt count, looking the supplier order up first.</summary>
public sealed record RetryFulfillment(string RequestedBy, DateTimeOffset Now) : OrderCommand;

/// <summary>Operator: deliver the line under review with codes obtained by hand (for a license line, its text).</summary>
public sealed record MarkDelivered(EquatableArray<CodeItem> Items, string Operator, DateTimeOffset Now) : OrderCommand;

/// <summary>Operator: refund the whole order (from manual review or after delivery; revokes downloads).</summary>
public sealed record RefundOrder(string Reason, string RequestedBy, DateTimeOffset Now) : OrderCommand;

/// <summary>Operator: ask again for a refund that failed.</summary>
public sealed record RetryRefund(string PaymentEventId, string RequestedBy, DateTimeOffset Now) : OrderCommand;

/// <summary>The refund handler reports the refund for <see cref="Step"/> done.</summary>
public sealed record RefundCompleted(string Step, string RefundId, DateTimeOffset Now) : OrderCommand;

/// <summary>The refund handler reports the provider refused the refund for <see cref="Step"/>.</summary>
public sealed record RefundFailed(string Step, string Reason, DateTimeOffset Now) : OrderCommand;

/// <summary>
/// The reconciliation sweep found the order still awaiting payment past its age: ask the providers whether it was paid
/// after all (a webhook may have been lost). Only a lookup's answer can confirm it.
/// </summary>
public sealed record ReconcilePayment(DateTimeOffset Now) : OrderCommand;
