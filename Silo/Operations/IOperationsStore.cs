using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// The cross-grain tables operators list and export: append-only streams of entries (deliveries, alerts, downloads,
/// unmatched webhooks) and the review queue. Grains' effects write them; every write is idempotent, so an effect may
/// be retried any number of times.
/// </summary>
public interface IOperationsStore
{
    /// <summary>
    /// Appends <paramref name="entry"/> (a JSON document) to <paramref name="stream"/> under the idempotency key
    /// (<paramref name="stream"/>, <paramref name="grainKey"/>, <paramref name="step"/>). When the key is already
    /// there nothing is written, whatever the entry, and the existing row's id is returned.
    /// </summary>
    Task<OperationsAppend> AppendAsync(string stream, string grainKey, string step, DateTimeOffset at, string entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> entries of <paramref name="stream"/>, newest first, with ids below
    /// <paramref name="before"/> (all when null), of one grain only when <paramref name="grainKey"/> is given.
    /// </summary>
    Task<OperationsPage> ReadAsync(string stream, long? before, int limit, string? grainKey = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the order in the review queue with <paramref name="reason"/>, changes its reason, or takes it out
    /// (<paramref name="reason"/> null), when <paramref name="version"/> is above the version of the last change
    /// applied to that order; otherwise changes nothing. Answers whether the change was applied.
    /// </summary>
    Task<bool> SetReviewAsync(string orderId, string? reason, DateTimeOffset at, long version, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> orders in review, the longest waiting first.</summary>
    Task<IReadOnlyList<ReviewEntry>> ReadReviewAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> entries of <paramref name="stream"/> written at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<OperationsEntry>> ReadSinceAsync(string stream, DateTimeOffset since, int limit, CancellationToken cancellationToken = default);

    /// <summary>A page of the <c>deliveries</c> stream matching <paramref name="filter"/>, newest first.</summary>
    Task<OperationsPage> SearchDeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default);

    /// <summary>How many entries of <paramref name="stream"/> were written at or after <paramref name="since"/>.</summary>
    Task<int> CountSinceAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many entries of <paramref name="stream"/> written at or after <paramref name="since"/> there are of each
    /// <c>outcome</c> (the entry's property; empty when it has none).
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountByOutcomeAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <see cref="SupplierCallRecord"/> entries of <paramref name="stream"/> written at or after
    /// <paramref name="since"/>, aggregated: count, failures, average and 95th percentile latency.
    /// </summary>
    Task<SupplierCallStats> SupplierCallStatsAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the supplier calls of <paramref name="stream"/> written at or after <paramref name="since"/> bought, per
    /// currency: placements and look-ups the supplier took (completed or pending) that carry an amount.
    /// </summary>
    Task<IReadOnlyList<MoneyTotal>> SupplierPurchasesAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The newest entry of each grain in <paramref name="stream"/> written at or after <paramref name="since"/>, by grain key.</summary>
    Task<IReadOnlyList<OperationsEntry>> LatestPerGrainAsync(string stream, DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>
/// Supplier calls in a window: how many, how many failed (failed, unreachable or unreadable), their average latency and
/// the 95th percentile by nearest rank, in milliseconds (null without calls).
/// </summary>
public sealed record SupplierCallStats(int Calls, int Failures, double? AverageMs, double? P95Ms);

/// <summary>The answer to an append: the row's id, and whether this call wrote it (false: the key was already there).</summary>
public sealed record OperationsAppend(long Id, bool Appended);

/// <summary>One row of a stream: its id (the paging cursor), the grain that wrote it, when, and the entry as JSON.</summary>
public sealed record OperationsEntry(long Id, string GrainKey, DateTimeOffset At, string Entry);

/// <summary>A page of a stream, newest first; <paramref name="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record OperationsPage(IReadOnlyList<OperationsEntry> Items, long? Next);

/// <summary>An order in the review queue: why, since when, and the version of the last change applied to it.</summary>
public sealed record ReviewEntry(string OrderId, string Reason, DateTimeOffset Since, long Version);
