namespace Orleans.Delivery.Grains.Orders;

public sealed record RefundRecord(
    RefundPlan Plan,
    RefundStatus Status,
    DateTimeOffset RequestedAt,
    string? RefundId = null,
    string? FailureReason = null,
    DateTimeOffset? SettledAt = null)
{
    public string Step => Plan.Step;
}
