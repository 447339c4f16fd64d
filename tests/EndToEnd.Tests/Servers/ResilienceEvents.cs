using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

/// <summary>
/// Records the events Polly's telemetry reports on its meter (<c>Polly</c>, counter
/// <c>resilience.polly.strategy.events</c>) while it lives. The meter is process-wide: events of other tests running
/// meanwhile are recorded too, so count those of one pipeline.
/// </summary>
internal sealed class ResilienceEvents : IDisposable
{
    private readonly ConcurrentQueue<(string? Pipeline, string? Event)> _events = new();
    private readonly MeterListener _listener = new();

    public ResilienceEvents()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Polly", Name: "resilience.polly.strategy.events" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, _, tags, _) => _events.Enqueue((Tag(tags, "pipeline.name"), Tag(tags, "event.name"))));
        _listener.Start();
    }

    /// <summary>How many <paramref name="eventName"/> events (e.g. <c>OnRetry</c>) <paramref name="pipeline"/> reported.</summary>
    public int Count(string pipeline, string eventName) => _events.Count(e => e.Pipeline == pipeline && e.Event == eventName);

    public override string ToString() => string.Join(", ", _events);

    public void Dispose() => _listener.Dispose();

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
