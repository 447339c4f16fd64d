using OpenTelemetry.Metrics;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>Reads figures out of what OpenTelemetry's in-memory exporter collected.</summary>
internal static class ExportedMetrics
{
    /// <summary>The sum of a counter over the points whose tags include <paramref name="tags"/>.</summary>
    public static long Sum(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags) =>
        (long)Fold(metrics, name, tags, 0, static (total, _, in point) => total + point.GetSumLong())!;

    /// <summary>How many values a histogram recorded over the points whose tags include <paramref name="tags"/>.</summary>
    public static long Count(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags) =>
        (long)Fold(metrics, name, tags, 0, static (total, _, in point) => total + point.GetHistogramCount())!;

    /// <summary>The last value a gauge reported for the point whose tags include <paramref name="tags"/>, if any.</summary>
    public static double? Gauge(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags) =>
        Fold(metrics, name, tags, null, static (_, metric, in point) =>
            metric.MetricType == MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetGaugeLastValueDouble());

    private delegate double? Step(double? folded, Metric metric, in MetricPoint point);

    /// <summary>Folds <paramref name="step"/> over the points of <paramref name="name"/> whose tags include <paramref name="tags"/>.</summary>
    private static double? Fold(IEnumerable<Metric> metrics, string name, (string Key, object Value)[] tags, double? seed, Step step)
    {
        var folded = seed;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    folded = step(folded, metric, point);
                }
            }
        }

        return folded;
    }

    private static bool Matches(in MetricPoint point, (string Key, object Value)[] tags)
    {
        var present = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            present[tag.Key] = tag.Value;
        }

        return tags.All(t => present.TryGetValue(t.Key, out var v) && Equals(v, t.Value));
    }
}
