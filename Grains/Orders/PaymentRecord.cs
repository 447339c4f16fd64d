namespace Orleans.Delivery.Grains.Orders;

/// <summary>A successful payment the order has seen, whatever became of it.</summary>
public sealed record PaymentRecord(
    string Provider,
    string EventId,
    long AmountMinor,
    string Currency,
    string PaymentReference,
    DateTimeOffset ReceivedAt,
    PaymentDisposition Disposition,
    bool Reversed = false);
