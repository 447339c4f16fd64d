namespace Orleans.Delivery.Runtime;

/// <summary>Everything one turn plans, written by the store in the turn's transaction.</summary>
internal sealed class TurnFrame(GrainId id, DateTimeOffset now, long version, string? stateJson)
{
    public GrainId Id { get; } = id;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The version loaded; the turn writes <c>Version + 1</c>.</summary>
    public long Version { get; } = version;

    public string? StateJson { get; set; } = stateJson;

    public List<PlannedOutbox> Outbox { get; } = [];

    public List<ReminderChange> Reminders { get; } = [];

    public List<(string Stream, string Entry)> Log { get; } = [];

    public List<(string Name, string? Value)> Index { get; } = [];
}

internal sealed record PlannedOutbox(
    OutboxKind Kind,
    string Name,
    GrainId? Target,
    string Payload,
    string IdempotencyKey,
    DateTimeOffset DueAt);

internal abstract record ReminderChange(string Name)
{
    internal sealed record Set(string Name, DateTimeOffset DueAt, TimeSpan? Period) : ReminderChange(Name);

    internal sealed record Cancel(string Name) : ReminderChange(Name);
}
