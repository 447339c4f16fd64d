namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>The buyer. <paramref name="CustomerId"/> defaults to the normalised email when the storefront has none.</summary>
[GenerateSerializer, Immutable, Alias("delivery.CustomerInfo")]
public sealed record CustomerInfo(string Email, string? Name = null, string? CustomerId = null);

/// <summary>
/// An order to create: who buys, and the cart priced from the catalog. A <paramref name="Test"/> order runs the real
/// pipeline but never counts in alert statistics; an operator's test order is one.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.NewOrder")]
public sealed record NewOrder(CustomerInfo Customer, PricedCart Cart, bool Test = false);

/// <summary>The answer to a create: the order (new or the same one again), or why not.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderCreation")]
public sealed record OrderCreation(bool Created, OrderView? Order, string? ErrorCode, string? Error);

/// <summary>What a payment provider said, after its signature was verified.</summary>
[GenerateSerializer, Alias("delivery.PaymentOutcome")]
public enum PaymentOutcome
{
    Succeeded,
    Failed,
    Reversed,
}

/// <summary>
/// A verified payment event for this order. <paramref name="ProviderOrderId"/>: the provider's own order the payment
/// belongs to (PayPal's checkout order id), recorded so the reconciliation sweep can ask about it.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.PaymentReport")]
public sealed record PaymentReport(
    string Provider,
    string EventId,
    PaymentOutcome Outcome,
    long? AmountMinor,
    string? Currency,
    string? PaymentReference,
    string? Reason = null,
    string? ProviderOrderId = null);

/// <summary>A status-less notification (PesaPal IPN); the status is looked up by a silo.</summary>
[GenerateSerializer, Immutable, Alias("delivery.PaymentNotice")]
public sealed record PaymentNotice(string Provider, string TrackingId);

/// <summary>
/// The provider's own order for this order's payment (a PayPal checkout order id, a PesaPal order tracking id), named
/// by the storefront that created it or by a webhook. The reconciliation sweep asks the provider about it.
/// </summary>
/// <param name="Provider">The provider's name (<c>paypal</c>, <c>pesapal</c>).</param>
/// <param name="Id">The provider's id of its order.</param>
/// <param name="RecordedBy">Who named it (<c>storefront</c>, <c>webhook</c>), for the order's history.</param>
[GenerateSerializer, Immutable, Alias("delivery.ProviderOrderReference")]
public sealed record ProviderOrderReference(string Provider, string Id, string RecordedBy);

/// <summary>One code as delivered.</summary>
/// <param name="Code">The code; for a top-up the supplier confirmed instead of coding, the confirmation's text.</param>
/// <param name="Instructions">How to redeem this item, as the supplier said.</param>
/// <param name="Confirmation">Whether <paramref name="Code"/> is a top-up's delivery confirmation rather than a code.</param>
[GenerateSerializer, Immutable, Alias("delivery.DeliveredCode")]
public sealed record DeliveredCode(string Code, string? Pin = null, string? Serial = null, string? Instructions = null, bool Confirmation = false);

/// <summary>A verified supplier webhook.</summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierReport")]
public sealed record SupplierReport(
    string EventId,
    string SupplierOrderId,
    string Reference,
    string Status,
    IReadOnlyList<SupplierItem> Items,
    string? Reason = null);

/// <summary>
/// The answer to a command: whether it changed the order (false for duplicates and late arrivals), the status now,
/// and, for a refusal, a stable code and a sentence.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderAnswer")]
public sealed record OrderAnswer(bool Changed, string Status, string? ErrorCode = null, string? Error = null)
{
    /// <summary>The code of the answer to a command for an order that was never created.</summary>
    public const string UnknownOrderCode = "unknown_order";

    public bool Refused => ErrorCode is not null;

    /// <summary>The order does not exist: the command changed nothing and the caller keeps what it carried elsewhere.</summary>
    public bool UnknownOrder => ErrorCode == UnknownOrderCode;
}

/// <summary>One transition of the order, with its time and cause.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderTransition")]
public sealed record OrderTransition(DateTimeOffset At, string From, string To, string Cause);

/// <summary>A payment event as recorded on the order.</summary>
[GenerateSerializer, Immutable, Alias("delivery.PaymentRecord")]
public sealed record PaymentRecord(DateTimeOffset At, string Provider, string EventId, string Outcome, long? AmountMinor, string? Currency, string? Reference, string? Note);

/// <summary>One line of the delivery log.</summary>
[GenerateSerializer, Immutable, Alias("delivery.DeliveryRecord")]
public sealed record DeliveryRecord(DateTimeOffset At, string Kind, string Channel, string Detail);

/// <summary>One line of an order.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderLineView")]
public sealed record OrderLineView(string Sku, string Name, FulfillmentKind Kind, int Quantity, long UnitPriceMinor, string? Denomination, bool Delivered);

/// <summary>The order as the API and pages show it. Codes appear only once delivered.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderView")]
public sealed record OrderView(
    string OrderId,
    string Status,
    CustomerInfo Customer,
    string CustomerId,
    IReadOnlyList<OrderLineView> Lines,
    long AmountMinor,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? DeliveredAt,
    string? ReviewReason,
    IReadOnlyList<DeliveredCode> Codes,
    string? LicenseText,
    IReadOnlyList<OrderTransition> History,
    IReadOnlyList<PaymentRecord> Payments,
    IReadOnlyList<DeliveryRecord> Deliveries,
    bool Test = false);
