using System.Text.Json;
using Orleans.Concurrency;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Serves listings from the operations tables, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class OperationsQueryGrain(IOperationsStore store, IOrderListStore orders, TimeProvider time) : Grain, IOperationsQueryGrain
{
    /// <summary>The supplier health chart's span, in minutes (24 hours).</summary>
    public const int ChartMinutes = 24 * 60;

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

    public async Task<SupplierHealth> GetSupplierHealthAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fiveMinutes = TimeSpan.FromMinutes(5);
        var hour = TimeSpan.FromHours(1);
        var recent = await store.SupplierCallStatsAsync(OperationsStreams.SupplierCalls, now - fiveMinutes, cancellationToken);
        var lastHour = await store.SupplierCallStatsAsync(OperationsStreams.SupplierCalls, now - hour, cancellationToken);
        var spend = await SupplierSpend.TypicalDailyAsync(store, now, cancellationToken);
        var balance = await GrainFactory.GetGrain<IAlertsGrain>(IAlertsGrain.Default).GetSupplierBalanceAsync(cancellationToken);
        var circuits = await CircuitsAsync(now - TimeSpan.FromDays(1), cancellationToken);
        var currentMinute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var chartFrom = currentMinute.AddMinutes(1 - ChartMinutes);
        var minutes = await orders.ThroughputAsync(chartFrom, currentMinute.AddMinutes(1), cancellationToken);
        return new SupplierHealth(
            now,
            Latency(fiveMinutes, recent),
            Latency(hour, lastHour),
            balance,
            spend,
            circuits,
            chartFrom,
            ChartMinutes,
            minutes);
    }

    private static SupplierLatency Latency(TimeSpan window, SupplierCallStats stats) =>
        new(window, stats.Calls, stats.Failures, stats.AverageMs, stats.P95Ms);

    /// <summary>
    /// Every silo in the cluster with the last circuit change it recorded since <paramref name="since"/> (closed when it
    /// recorded none), and silos that recorded one but are gone.
    /// </summary>
    private async Task<IReadOnlyList<SupplierCircuit>> CircuitsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var active = hosts.Keys.Select(s => s.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        var recorded = (await store.LatestPerGrainAsync(OperationsStreams.SupplierCircuit, since, cancellationToken))
            .Select(e => JsonSerializer.Deserialize(e.Entry, OperationsJson.Default.SupplierCircuitRecord))
            .OfType<SupplierCircuitRecord>()
            .ToDictionary(r => r.Silo, StringComparer.Ordinal);
        return active.Union(recorded.Keys)
            .Order(StringComparer.Ordinal)
            .Select(silo => recorded.TryGetValue(silo, out var last)
                ? new SupplierCircuit(silo, last.State, last.At, active.Contains(silo))
                : new SupplierCircuit(silo, "closed", null, Active: true))
            .ToList();
    }
}
