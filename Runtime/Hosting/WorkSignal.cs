namespace Orleans.Delivery.Runtime;

/// <summary>
/// A wake-up hint for the silo loops: pulsed when a turn in this process plans work, or when PostgreSQL notifies
/// that another process did. Only a hint — the loops poll anyway.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Completes at the first pulse after this moment. A loop takes it before it looks for work and waits on it after,
    /// so a pulse that arrives while it is looking is not lost.
    /// </summary>
    public Task Next => Volatile.Read(ref pulse).Task;

    /// <summary>Completes when <paramref name="next"/> does (see <see cref="Next"/>), after <paramref name="timeout"/>, or when cancelled.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, timeoutSource.Token);
        await Task.WhenAny(next, delay);
        await timeoutSource.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
