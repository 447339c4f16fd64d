using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>A supplier webhook, authenticated and parsed: the supplier's news about one of its orders.</summary>
/// <param name="EventId">The supplier's id for this event; redeliveries of the same event carry the same id.</param>
/// <param name="SupplierOrderId">The supplier's order id (<c>sup_…</c>).</param>
/// <param name="Reference">Our order id, as we sent it when placing the order.</param>
/// <param name="Status">The supplier's status as sent: <c>completed</c>, <c>pending</c> or <c>failed</c>.</param>
/// <param name="Items">The delivered units; empty unless completed. Codes are secrets: never log them.</param>
/// <param name="OccurredAt">When the supplier says the change happened; webhooks may arrive out of order.</param>
public sealed record SupplierNotification(
    string EventId,
    string SupplierOrderId,
    string Reference,
    string Status,
    IReadOnlyList<SupplierItem> Items,
    DateTimeOffset? OccurredAt);
