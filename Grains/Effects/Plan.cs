namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// What one decision of a grain asks for besides its new state: effects, messages to other grains, entries for the
/// operations tables, and wake-ups. Nothing here happens unless the write that carries it succeeds.
/// </summary>
public sealed class Plan
{
    internal List<(string Kind, string Step, string Payload, DateTimeOffset? DueAt, bool Fenced)> Effects { get; } = [];

    internal List<(string Stream, string Entry, DateTimeOffset At)> Entries { get; } = [];

    internal List<GrainWake> Wakes { get; } = [];

    internal List<string> Cancels { get; } = [];

    internal (string? Reason, DateTimeOffset At)? Review { get; private set; }

    internal (string Table, string Row)? Row { get; private set; }

    /// <summary>
    /// A call to the outside world under <paramref name="step"/>: planning a step the grain holds or has finished
    /// does nothing. A fenced effect is claimed by an ETag-checked write just before each call; use it for anything
    /// that must not happen twice (a purchase, an email, a refund).
    /// </summary>
    public Plan Effect(string kind, string step, string payload, bool fenced, DateTimeOffset? dueAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        Effects.Add((kind, step, payload, dueAt, fenced));
        return this;
    }

    /// <summary>
    /// A message to another grain, delivered until it is accepted; the receiver must treat a repeat as a no-op. Its
    /// kind is the target's grain type, for which a <see cref="GrainMessageHandler"/> must be registered.
    /// </summary>
    public Plan Send(string grainType, string grainKey, string step, string message) =>
        Effect(grainType, step, GrainMessage.Encode(new GrainMessage(grainType, grainKey, message)), fenced: false);

    /// <summary>An entry (JSON) for a stream of the operations tables, appended once.</summary>
    public Plan Append(string stream, string entry, DateTimeOffset at)
    {
        Entries.Add((stream, entry, at));
        return this;
    }

    /// <summary>Puts this grain in the review queue with a reason, or takes it out (null).</summary>
    public Plan SetReview(string? reason, DateTimeOffset at)
    {
        Review = (reason, at);
        return this;
    }

    /// <summary>
    /// Replaces this grain's row (JSON) in an operations table keyed by grain, e.g. <c>orders</c>; a row older than the
    /// one stored (by the grain's write version) never overwrites it.
    /// </summary>
    public Plan SetRow(string table, string row)
    {
        Row = (table, row);
        return this;
    }

    public Plan WakeAt(string name, DateTimeOffset dueAt)
    {
        Wakes.Add(new GrainWake(name, dueAt));
        return this;
    }

    public Plan CancelWake(string name)
    {
        Cancels.Add(name);
        return this;
    }
}
