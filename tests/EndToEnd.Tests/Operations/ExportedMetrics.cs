using OpenTelemetry.Metrics;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>Reads figures out of what OpenTelemetry's in-memory exporter collected.</summary>
internal static class ExportedMetrics
{
    /// <summary>The sum of a counter over the points whose tags include <paramref name="tags"/>.</summary>
    public static long Sum(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }

    /// <summary>How many values a histogram recorded over the points whose tags include <paramref name="tags"/>.</summary>
    public static long Count(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    total += point.GetHistogramCount();
                }
            }
        }

        return total;
    }

    /// <summary>The last value a gauge reported for the point whose tags include <paramref name="tags"/>, if any.</summary>
    public static double? Gauge(IEnumerable<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        double? last = null;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    last = metric.MetricType == MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetGaugeLastValueDouble();
                }
            }
        }

        return last;
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
