using System.Collections.Concurrent;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// Counts the work a silo's runner has under way and the wake-ups it has scheduled. One per silo; tests give every
/// silo of a cluster the same one, so that "nothing under way, nothing due" is a fact about the whole cluster: a
/// dispatch that hands work on starts the next piece before it ends its own.
/// </summary>
public sealed class EffectActivity
{
    private readonly object gate = new();
    private readonly ConcurrentDictionary<(object Owner, string Grain), DateTimeOffset> scheduled = new();
    private int active;
    private TaskCompletionSource idle = Completed();

    /// <summary>Pieces of work under way.</summary>
    public int Active => Volatile.Read(ref active);

    /// <summary>Wake-ups scheduled for later.</summary>
    public int ScheduledCount => scheduled.Count;

    /// <summary>The earliest scheduled wake-up, if any.</summary>
    public DateTimeOffset? NextDue => scheduled.IsEmpty ? null : scheduled.Values.Min();

    public void Begin()
    {
        lock (gate)
        {
            if (active++ == 0)
            {
                idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void End()
    {
        lock (gate)
        {
            if (--active == 0)
            {
                idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when no work is under way.</summary>
    public Task WhenIdleAsync()
    {
        lock (gate)
        {
            return idle.Task;
        }
    }

    internal void Scheduled(object owner, string grain, DateTimeOffset at) => scheduled[(owner, grain)] = at;

    internal void Unscheduled(object owner, string grain) => scheduled.TryRemove((owner, grain), out _);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
