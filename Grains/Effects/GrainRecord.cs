namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// What a grain stores, in one row written by one ETag-checked write: its decider's state, the effects it planned
/// and has not yet seen through, the times it asked to be woken, and the steps it has finished.
/// </summary>
public sealed record GrainRecord<TState>
    where TState : class
{
    /// <summary>The decider's state; null only before the grain's first write.</summary>
    public TState? State { get; init; }

    public EquatableArray<PendingEffect> Effects { get; init; }

    public EquatableArray<GrainWake> Wakes { get; init; }

    /// <summary>
    /// Effects seen through (done, or given up after every attempt), so that planning one again does nothing and an
    /// operator sees how each ended; newest last, bounded. Entries for the operations tables are not kept here: the
    /// tables' own keys make them idempotent.
    /// </summary>
    public EquatableArray<FinishedEffect> Done { get; init; }

    /// <summary>Grows by one with every write: orders this grain's writes to other tables.</summary>
    public long Version { get; init; }

    /// <summary>Whether anything is left to do: an effect to run or a wake to fire.</summary>
    public bool HasWork => Effects.Count > 0 || Wakes.Count > 0;
}

/// <summary>
/// An effect planned and not yet seen through. <paramref name="Attempts"/> counts dispatches; for a fenced effect,
/// the dispatch that holds it is the one whose claim wrote <paramref name="Attempts"/>, on the silo
/// <paramref name="ClaimedBy"/> at <paramref name="ClaimedAt"/> (both null until claimed, and again after a failed
/// attempt): a later activation of the grain on that same silo leaves the effect to that dispatch until its lease runs out.
/// <paramref name="PlannedAt"/> is when the decision that planned it was written, and <paramref name="TraceParent"/> the
/// W3C <c>traceparent</c> of the call that made that decision, so that the runner's span continues its trace; both are
/// null in records written before they were kept.
/// </summary>
public sealed record PendingEffect(
    string Step,
    string Kind,
    string Payload,
    DateTimeOffset DueAt,
    int Attempts,
    bool Fenced,
    string? LastError = null,
    string? ClaimedBy = null,
    DateTimeOffset? ClaimedAt = null,
    DateTimeOffset? PlannedAt = null,
    string? TraceParent = null);

/// <summary>A time the grain asked to be woken at, under a name (one per name).</summary>
public sealed record GrainWake(string Name, DateTimeOffset DueAt);

/// <summary>How an effect ended: done, or given up (<paramref name="GaveUp"/>) after <paramref name="Attempts"/> attempts.</summary>
public sealed record FinishedEffect(string Step, string Kind, bool GaveUp, int Attempts, DateTimeOffset At, string? LastError = null);
