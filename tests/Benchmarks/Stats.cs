using System.Diagnostics;

namespace Orleans.Delivery.Benchmarks;

/// <summary>Runs <paramref name="callers"/> loops for a fixed time and reports rate and latency percentiles.</summary>
public static class Stats
{
    public sealed record Result(double PerSecond, double P50Ms, double P99Ms, long Count);

    public static async Task<Result> MeasureAsync(int callers, TimeSpan duration, Func<int, long, Task> operation)
    {
        var latencies = new List<double>[callers];
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var mine = latencies[caller] = new List<double>(4096);
            for (long i = 0; stop.Elapsed < duration; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(caller, i);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), all.Length);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
