namespace Orleans.Delivery.Grains.Orders;

/// <summary>The operator's view of an order. Codes are not in it: they are on <see cref="OrderState.DeliveredContent"/>.</summary>
public sealed record OrderSummary(
    string OrderId,
    OrderStatus Status,
    long AmountMinor,
    string Currency,
    CustomerInfo Customer,
    EquatableArray<OrderLineSummary> Lines,
    string? ReviewReason,
    bool NeedsReview,
    DateTimeOffset? CreatedAt,
    EquatableArray<HistoryEntry> History,
    EquatableArray<DeliveryLogEntry> DeliveryLog);
