namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The reconciliation sweep (one grain, key <see cref="Default"/>): on a reminder it finds the orders still pending
/// payment past a configurable age (from the <c>orders</c> table, never by visiting grains) and has each ask the
/// payment providers whether it was paid after all, so a lost webhook still confirms its order, once.
/// </summary>
public interface IReconciliationGrain : IGrainWithStringKey
{
    public const string Default = "reconciliation";

    /// <summary>Makes sure the sweep's reminder is registered; repeating it changes nothing.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Sweeps now: answers how many orders were asked to look their payment up.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken = default);
}
