using Orleans.Concurrency;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Operations.Orders;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Serves listings from the operations tables, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class OperationsQueryGrain(IOperationsStore store, IOrderListStore orders) : Grain, IOperationsQueryGrain
{
    public async Task<OperationsListing> ReadStreamAsync(string stream, long? before, int limit, string? grainKey = null, CancellationToken cancellationToken = default)
    {
        var page = await store.ReadAsync(stream, before, limit, grainKey, cancellationToken);
        return new OperationsListing(page.Items.Select(e => new OperationsItem(e.Id, e.GrainKey, e.At, e.Entry)).ToList(), page.Next);
    }

    public async Task<OperationsListing> SearchDeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        var page = await store.SearchDeliveriesAsync(filter, cancellationToken);
        return new OperationsListing(page.Items.Select(e => new OperationsItem(e.Id, e.GrainKey, e.At, e.Entry)).ToList(), page.Next);
    }

    public async Task<IReadOnlyList<ReviewListing>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default) =>
        (await store.ReadReviewAsync(limit, cancellationToken)).Select(e => new ReviewListing(e.OrderId, e.Reason, e.Since)).ToList();

    public Task<OrderListPage> ReadOrdersAsync(OrderQuery query, CancellationToken cancellationToken = default) =>
        orders.ReadAsync(query, cancellationToken);
}
