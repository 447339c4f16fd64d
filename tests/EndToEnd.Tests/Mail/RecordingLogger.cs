using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.EndToEnd.Tests.Mail;

/// <summary>Keeps every log entry, and lets a test wait for one with a given event id.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<(int EventId, TaskCompletionSource<Entry> Signal)> _waiters = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var entry = new Entry(eventId.Id, logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value));
        lock (_gate)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => w.EventId == eventId.Id).ToList())
            {
                waiter.Signal.TrySetResult(entry);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The first entry with <paramref name="eventId"/>, waiting for it if it has not been logged yet.</summary>
    public Task<Entry> WaitForAsync(int eventId, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_entries.FirstOrDefault(e => e.EventId == eventId) is { } logged)
            {
                return Task.FromResult(logged);
            }

            var signal = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    public sealed record Entry(int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);
}
