using Microsoft.Extensions.Time.Testing;

namespace Orleans.Delivery.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts its armed timers and waits for them, so a test moves the clock
/// only once the code under test has started waiting on it (a retry's delay, say). FakeTimeProvider keeps its timers
/// to itself; everything else, including timers firing synchronously inside <see cref="FakeTimeProvider.Advance"/>,
/// is its own.
/// </summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<CountedTimer> _armed = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>A clock at FakeTimeProvider's default start.</summary>
    public TimerCountingTimeProvider()
    {
    }

    /// <summary>A clock at <paramref name="start"/>.</summary>
    public TimerCountingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers of this provider that have a due time: created or changed with one, not yet fired or disposed.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> timers are armed.</summary>
    /// <exception cref="TimeoutException">Not enough timers were armed within <paramref name="timeout"/> (real time).</exception>
    public async Task WaitForTimersAsync(int count, TimeSpan timeout)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_armed.Count >= count)
            {
                return;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }

            throw new TimeoutException($"Expected {count} armed timer(s) within {timeout}, but {ArmedTimerCount} are armed.");
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new CountedTimer(this, callback);
        timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(timer.Fire, state, dueTime, period);
        return timer;
    }

    private void SetArmed(CountedTimer timer, bool armed)
    {
        lock (_gate)
        {
            if (!armed)
            {
                _armed.Remove(timer);
                return;
            }

            _armed.Add(timer);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_armed.Count >= _waiters[i].Count)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class CountedTimer(TimerCountingTimeProvider owner, TimerCallback callback) : ITimer
    {
        private bool _periodic;
        private bool _disposed;

        public ITimer? Inner { get; set; }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != TimeSpan.Zero && period != Timeout.InfiniteTimeSpan;
            owner.SetArmed(this, dueTime != Timeout.InfiniteTimeSpan);
        }

        // A one-shot timer is spent before its callback runs, so a Change inside the callback has the last word.
        public void Fire(object? state)
        {
            if (!_periodic)
            {
                owner.SetArmed(this, armed: false);
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Volatile.Read(ref _disposed))
            {
                return false;
            }

            Arm(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, true);
            owner.SetArmed(this, armed: false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
