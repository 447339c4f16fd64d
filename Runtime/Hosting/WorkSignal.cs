namespace Orleans.Delivery.Runtime;

/// <summary>
/// A wake-up hint for the silo loops: pulsed when a turn in this process plans work, or when PostgreSQL notifies
/// that another process did. Only a hint — the loops poll anyway.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next pulse, after <paramref name="timeout"/>, or when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref pulse).Task;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, timeoutSource.Token);
        await Task.WhenAny(next, delay);
        await timeoutSource.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
