using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>
/// The orders listing: one row per order, written by the order's effects whenever its status changes, so that the
/// console lists and filters orders without visiting grains.
/// </summary>
public interface IOrderListStore
{
    /// <summary>Writes the order's row when <see cref="OrderRowEffect.Version"/> is above the stored one; answers whether it did.</summary>
    Task<bool> UpsertAsync(OrderRowEffect row, CancellationToken cancellationToken = default);

    /// <summary>A page of orders matching <paramref name="query"/>, newest first.</summary>
    Task<OrderListPage> ReadAsync(OrderQuery query, CancellationToken cancellationToken = default);
}
