using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>A supplier webhook, authenticated and parsed: the supplier's news about one of its orders.</summary>
/// <param name="EventId">The supplier's id for this event, or one derived from the body when it sent none; either
/// way, redeliveries of the same event carry the same id.</param>
/// <param name="SupplierOrderId">The supplier's order id.</param>
/// <param name="Reference">Our order id, as we sent it when placing the order.</param>
/// <param name="Status">The status: <c>completed</c>, <c>pending</c> or <c>failed</c>, or, when not understood, the
/// supplier's value in lower case.</param>
/// <param name="Items">The delivered units; empty unless completed. Codes are secrets: never log them.</param>
/// <param name="OccurredAt">When the supplier says the change happened, if it does; webhooks may arrive out of order.</param>
/// <param name="Reason">Why a failed order failed, if the supplier says.</param>
public sealed record SupplierNotification(
    string EventId,
    string SupplierOrderId,
    string Reference,
    string Status,
    IReadOnlyList<SupplierItem> Items,
    DateTimeOffset? OccurredAt,
    string? Reason = null);
