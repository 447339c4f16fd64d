namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// The time up to which a claimed effect may still send anything outward. A claim holds its effect for
/// <see cref="EffectOptions.ClaimLease"/>; after that the grain, activated elsewhere, may hand the effect out again.
/// A runner that stalled past that time (its process frozen, suspended or paused) must not send once it resumes, or
/// the effect would happen twice: every outbound write made for a fenced dispatch checks its fence first, on this
/// process's monotonic clock, which keeps running while the process is stopped.
/// </summary>
/// <remarks>
/// The fence travels with the dispatch's async flow, so HTTP handlers and mail streams deep in a library see it
/// without a parameter; a flow that runs no fenced dispatch has none and is never refused.
/// </remarks>
public static class EffectFence
{
    private static readonly AsyncLocal<Fence?> Current = new();

    /// <summary>Whether the dispatch this flow runs for may still send: true when it has no fence.</summary>
    public static bool IsOpen => Current.Value is not { } fence || TimeProvider.System.GetTimestamp() < fence.Until;

    /// <summary>Throws <see cref="EffectFenceClosedException"/> when the dispatch this flow runs for may have lost its claim.</summary>
    public static void Check()
    {
        if (!IsOpen)
        {
            throw new EffectFenceClosedException(
                "The claim on this effect may have passed to another silo; nothing more is sent for this attempt.");
        }
    }

    /// <summary>
    /// Fences the current flow for <paramref name="budget"/> of real time from <paramref name="since"/> (a timestamp of
    /// <see cref="TimeProvider.System"/>; now when null), until the scope ends.
    /// </summary>
    public static IDisposable Enter(TimeSpan budget, long? since = null)
    {
        var previous = Current.Value;
        var until = (since ?? TimeProvider.System.GetTimestamp()) + (long)(budget.TotalSeconds * TimeProvider.System.TimestampFrequency);
        Current.Value = new Fence(until);
        return new Scope(previous);
    }

    private sealed record Fence(long Until);

    private sealed class Scope(Fence? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>A fenced dispatch tried to send after its claim may have passed to another silo; nothing was sent.</summary>
public sealed class EffectFenceClosedException(string message) : IOException(message);
