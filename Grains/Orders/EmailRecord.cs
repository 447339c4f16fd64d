namespace Orleans.Delivery.Grains.Orders;

/// <summary>A delivery email the order planned, which lines it covers, and when the mail handler reported it sent.</summary>
public sealed record EmailRecord(
    string Step,
    EquatableArray<int> LineNos,
    DeliveryLogKind Kind,
    DateTimeOffset PlannedAt,
    DateTimeOffset? SentAt = null);
