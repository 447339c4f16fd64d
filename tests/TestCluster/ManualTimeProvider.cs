using System.Globalization;

namespace Orleans.Delivery.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> that stands still until the test moves it. Timers (and so <c>Task.Delay</c>,
/// <c>PeriodicTimer</c> and <c>CancellationTokenSource</c> timeouts built on this provider) fire synchronously, on the
/// thread that calls <see cref="Advance"/> or <see cref="SetUtcNow"/>, in due-time order, each seeing the clock at
/// its own due time.
/// </summary>
/// <remarks>
/// Hand-written because Microsoft.Extensions.TimeProvider.Testing (FakeTimeProvider) is not served by the NuGet
/// registry our build machines reach. Semantics follow FakeTimeProvider: a timer whose due time has already come when
/// it is created or changed fires at once, on the calling thread. The local time zone is UTC.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Where the clock starts unless told otherwise: 2030-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _timerWaiters = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>A clock at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers that are armed (have a due time), created by this provider and not disposed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return CountArmed();
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Ticks of the current UTC time, so elapsed-time measurements agree with <see cref="GetUtcNow"/>.</summary>
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that comes due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    /// <exception cref="AggregateException">Timer callbacks threw; every due timer still ran and the clock still moved.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        RunUntil(target);
    }

    /// <summary>Sets the clock, firing every timer that comes due on the way. Time never goes back.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than now.</exception>
    /// <exception cref="AggregateException">Timer callbacks threw; every due timer still ran and the clock still moved.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The clock is at {_now.ToString("O", CultureInfo.InvariantCulture)} and does not go back.");
            }
        }

        RunUntil(value);
    }

    /// <summary>
    /// Completes when at least <paramref name="count"/> timers are armed: lets a test advance the clock only after
    /// the code under test has started waiting on it.
    /// </summary>
    /// <exception cref="TimeoutException">Not enough timers were armed within <paramref name="timeout"/> (real time).</exception>
    public async Task WaitForTimersAsync(int count, TimeSpan timeout)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (CountArmed() >= count)
            {
                return;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            int armed;
            lock (_gate)
            {
                _timerWaiters.RemoveAll(w => w.Signal == signal);
                armed = CountArmed();
            }

            throw new TimeoutException($"Expected {count} armed timer(s) within {timeout}, but {armed} are armed.");
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void RunUntil(DateTimeOffset target)
    {
        List<Exception>? errors = null;
        while (true)
        {
            TimerCallback callback;
            object? state;
            lock (_gate)
            {
                var next = NextDue(target);
                if (next is null)
                {
                    if (_now < target)
                    {
                        _now = target;
                    }

                    break;
                }

                var due = next.DueAt!.Value;
                if (due > _now)
                {
                    _now = due;
                }

                // Re-arm before the callback runs, so a Change or Dispose inside the callback has the last word.
                next.DueAt = next.Period > TimeSpan.Zero ? due + next.Period : null;
                next.Sequence = ++_sequence;
                callback = next.Callback;
                state = next.State;
            }

            try
            {
                callback(state);
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Timer callbacks threw while the clock advanced.", errors);
        }
    }

    private ManualTimer? NextDue(DateTimeOffset target)
    {
        ManualTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.DueAt is { } due && due <= target
                && (next is null || due < next.DueAt || (due == next.DueAt && timer.Sequence < next.Sequence)))
            {
                next = timer;
            }
        }

        return next;
    }

    private int CountArmed() => _timers.Count(t => t.DueAt is not null);

    private void SignalTimerWaiters()
    {
        var armed = CountArmed();
        for (var i = _timerWaiters.Count - 1; i >= 0; i--)
        {
            if (armed >= _timerWaiters[i].Count)
            {
                _timerWaiters[i].Signal.TrySetResult();
                _timerWaiters.RemoveAt(i);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        // Guarded by owner._gate.
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Validate(dueTime, nameof(dueTime));
            Validate(period, nameof(period));
            DateTimeOffset now;
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                now = owner._now;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
                Period = period;
                Sequence = ++owner._sequence;
                owner.SignalTimerWaiters();
            }

            if (dueTime == TimeSpan.Zero)
            {
                owner.RunUntil(now);
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void Validate(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}
