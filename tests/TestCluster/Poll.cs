using System.Diagnostics;

namespace Orleans.Delivery.Testing;

/// <summary>
/// Waits for a condition that only an outside process can make true and that gives no signal of its own (a
/// server's clock passing an expiry, a message arriving in another process), by asking again at a short interval.
/// Prefer a real signal wherever the code under test can give one.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Asks <paramref name="condition"/> until it answers true.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/> (real time).</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string description, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var elapsed = Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(interval ?? DefaultInterval);
        while (!await condition())
        {
            if (elapsed.Elapsed >= timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {description}; it did not happen.");
            }

            await ticks.WaitForNextTickAsync();
        }
    }
}
