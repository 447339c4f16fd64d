using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>
/// The orders listing: one row per order, written by the order's effects whenever its status changes, so that the
/// console lists and filters orders without visiting grains.
/// </summary>
public interface IOrderListStore
{
    /// <summary>
    /// Writes the order's row when <paramref name="version"/> (the order's event sequence) is above the stored one;
    /// answers whether it did.
    /// </summary>
    Task<bool> UpsertAsync(OrderListItem row, long version, CancellationToken cancellationToken = default);

    /// <summary>A page of orders matching <paramref name="query"/>, newest first.</summary>
    Task<OrderListPage> ReadAsync(OrderQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Live (not test) orders paid at or before <paramref name="paidBefore"/> and not delivered, leaving out refunded and
    /// reversed ones: how many, and when the oldest of them was paid.
    /// </summary>
    Task<(int Count, DateTimeOffset? OldestPaidAt)> PaidUndeliveredAsync(DateTimeOffset paidBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Live (not test) orders paid and delivered in each minute of [<paramref name="from"/>, <paramref name="until"/>):
    /// the minutes with any, oldest first. Minutes are whole UTC minutes.
    /// </summary>
    Task<IReadOnlyList<MinuteThroughput>> ThroughputAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);
}
