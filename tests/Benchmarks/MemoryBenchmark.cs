using System.Diagnostics;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Runtime;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// The managed heap of one silo holding <c>orders</c> activated order grains (each created, pending payment), after a
/// full blocking GC; then after Orleans' activation collector has deactivated them for idleness (the management
/// grain's <c>ForceActivationCollection</c>, as the collector does once <c>GrainCollectionOptions.CollectionAge</c>
/// passes). The baseline is the same process's heap with the silo started and the catalog stocked, before any order.
/// The gateway's client lives in this process too; it holds nothing per order, and the baseline includes it.
/// </summary>
public static class MemoryBenchmark
{
    private static readonly TimeSpan CollectionTimeout = TimeSpan.FromMinutes(2);

    /// <param name="args">[orders, default 100000] [creations at once, default 64]</param>
    public static async Task RunAsync(string[] args)
    {
        var count = (int)BenchCluster.Arg(args, 0, 100_000);
        var parallelism = (int)BenchCluster.Arg(args, 1, 64);
        await using var cluster = await BenchCluster.StartAsync(1);
        var silo = cluster.Silos[0];
        await BenchCluster.StockAsync(silo.Grains);
        var management = silo.Grains.GetGrain<IManagementGrain>(0);

        var baseline = Heap();
        var orders = Enumerable.Range(0, count).Select(i => $"memory-{i}-{Guid.NewGuid():N}").ToArray();
        var creating = Stopwatch.StartNew();
        await BenchCluster.CreateOrdersAsync(silo.Grains, orders, parallelism);
        var created = creating.Elapsed;
        // The ids would otherwise stay reachable (a hoisted local of this method) and count as the silo's.
        orders = [];
        var activated = await OrderActivationsAsync(management);
        var loaded = Heap();

        // Everything idle for longer than zero is eligible: every order, since none is called any more.
        await management.ForceActivationCollection(TimeSpan.Zero);
        var waited = Stopwatch.StartNew();
        var remaining = await OrderActivationsAsync(management);
        using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
        {
            while (remaining > 0 && waited.Elapsed < CollectionTimeout)
            {
                await ticks.WaitForNextTickAsync();
                remaining = await OrderActivationsAsync(management);
            }
        }

        var collected = Heap();
        Console.WriteLine(
            $"memory benchmark: one silo in process on PostgreSQL, {count} orders created in {created.TotalSeconds:0} s ({count / created.TotalSeconds:0}/s, " +
            $"{parallelism} at once), {Environment.ProcessorCount} cores (load average: {BenchCluster.LoadAverage()}); managed heap after a full blocking GC");
        Console.WriteLine("| moment | order activations | managed heap MB | ratio to baseline | bytes per order above baseline |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| baseline: silo started, catalog stocked | 0 | {Mb(baseline)} | 1.00 | |");
        Console.WriteLine($"| {count} orders activated | {activated} | {Mb(loaded)} | {loaded / (double)baseline:0.00} | {(loaded - baseline) / (double)count:0} |");
        Console.WriteLine(
            $"| after idle collection ({waited.Elapsed.TotalSeconds:0.0} s) | {remaining} | {Mb(collected)} | {collected / (double)baseline:0.00} | {(collected - baseline) / (double)count:0} |");
        Console.WriteLine($"freed by deactivation: {(loaded - collected) / (double)count:0} bytes per order");
    }

    private static async Task<int> OrderActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(Grains.Orders.OrderGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
