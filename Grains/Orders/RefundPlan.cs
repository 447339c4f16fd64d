namespace Orleans.Delivery.Grains.Orders;

/// <summary>One payment to return, and the step that makes the refund call idempotent.</summary>
public sealed record RefundPlan(
    string Step,
    string Provider,
    string PaymentEventId,
    string PaymentReference,
    long AmountMinor,
    string Currency,
    RefundPurpose Purpose);
