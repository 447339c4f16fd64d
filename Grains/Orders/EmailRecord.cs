namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// A delivery email the order planned, which lines it covers, when the mail handler reported it sent, and why it was
/// given up if every attempt failed.
/// </summary>
public sealed record EmailRecord(
    string Step,
    EquatableArray<int> LineNos,
    DeliveryLogKind Kind,
    DateTimeOffset PlannedAt,
    DateTimeOffset? SentAt = null,
    EmailFailure? Failure = null)
{
    /// <summary>Neither sent nor given up: the outbox is still trying.</summary>
    public bool IsPending => SentAt is null && Failure is null;
}
