using Orleans.Concurrency;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Serves listings from the operations tables, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class OperationsQueryGrain(IOperationsStore store) : Grain, IOperationsQueryGrain
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

    public Task<OrderListingPage> ListOrdersAsync(OrderFilter filter, CancellationToken cancellationToken = default) =>
        store.ListOrdersAsync(filter, cancellationToken);

    public async Task<IReadOnlyList<ReviewListing>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default) =>
        (await store.ReadReviewAsync(limit, cancellationToken)).Select(e => new ReviewListing(e.OrderId, e.Reason, e.Since)).ToList();
}
