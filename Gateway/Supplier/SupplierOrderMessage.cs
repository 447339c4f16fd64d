using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>
/// An order as the supplier described it, in an answer or a webhook, with the supplier's field names left behind.
/// Nothing here is checked beyond its JSON type: what is required depends on where the order came from.
/// </summary>
/// <param name="OrderId">The supplier's order id, or null when absent.</param>
/// <param name="Reference">Our reference, or null when absent.</param>
/// <param name="StatusText">The status exactly as sent (for messages), or null when absent.</param>
/// <param name="Status">The status as understood, or null when absent or not understood.</param>
/// <param name="Items">The items, in order; an entry the supplier sent as null is an item with an empty code.</param>
/// <param name="Error">Why a failed order failed, when the supplier says.</param>
/// <param name="EventId">A webhook's event id, when the supplier sends one.</param>
/// <param name="OccurredAt">When the change happened, when the supplier says.</param>
public sealed record SupplierOrderMessage(
    string? OrderId,
    string? Reference,
    string? StatusText,
    SupplierOrderStatus? Status,
    IReadOnlyList<SupplierItem> Items,
    string? Error,
    string? EventId,
    DateTimeOffset? OccurredAt);
