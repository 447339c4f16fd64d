namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// Reads the operations tables (streams and the review queue) for listings and exports, so that they never scan
/// grains. Stateless: any silo answers, from the database. Key: <see cref="Default"/>.
/// </summary>
public interface IOperationsQueryGrain : IGrainWithStringKey
{
    public const string Default = "operations";

    /// <summary>Up to <paramref name="limit"/> entries of <paramref name="stream"/>, newest first, with ids below <paramref name="before"/>.</summary>
    Task<OperationsListing> ReadStreamAsync(string stream, long? before, int limit, string? grainKey = null, CancellationToken cancellationToken = default);

    /// <summary>A page of the <c>deliveries</c> stream matching <paramref name="filter"/>, newest first.</summary>
    Task<OperationsListing> SearchDeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> orders waiting for an operator, the longest waiting first.</summary>
    Task<IReadOnlyList<ReviewListing>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>A page of the orders listing (one row per order, kept current by the order's own effects), newest first.</summary>
    Task<OrderListPage> ReadOrdersAsync(OrderQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The supplier's health now: latency and failures over the last 5 minutes and hour, the balance last read and the
    /// typical daily spend, each silo's circuit breaker, and live orders paid and delivered per minute over 24 hours.
    /// </summary>
    Task<SupplierHealth> GetSupplierHealthAsync(CancellationToken cancellationToken = default);
}

/// <summary>One entry of a stream: its id (the paging cursor), the grain that wrote it, when, and the entry as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OperationsItem")]
public sealed record OperationsItem(long Id, string GrainKey, DateTimeOffset At, string Entry);

/// <summary>A page of a stream, newest first; <paramref name="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OperationsListing")]
public sealed record OperationsListing(IReadOnlyList<OperationsItem> Items, long? Next);

/// <summary>An order in the review queue: why and since when.</summary>
[GenerateSerializer, Immutable, Alias("delivery.ReviewListing")]
public sealed record ReviewListing(string OrderId, string Reason, DateTimeOffset Since);
