namespace Orleans.Delivery.Runtime.Storage;

internal sealed record ClaimedReminder(GrainId Grain, string Name, DateTimeOffset DueAt, TimeSpan? Period, string Token);

internal sealed record ClaimedOutbox(
    long Id,
    GrainId Source,
    OutboxKind Kind,
    string Name,
    GrainId? Target,
    string Payload,
    string IdempotencyKey,
    int Attempts,
    string Token);

/// <summary>A reminder as operators and tests see it.</summary>
public sealed record ReminderEntry(string Name, DateTimeOffset DueAt, TimeSpan? Period, string? LeaseOwner, DateTimeOffset? LeaseUntil);

/// <summary>A grain's stored row.</summary>
public sealed record StoredGrain(long Version, string? State);

/// <summary>One entry of a log stream; <see cref="Entry"/> is the JSON the grain wrote.</summary>
public sealed record LogEntry(long Id, GrainId Grain, DateTimeOffset At, string Entry);

/// <summary>One grain in an index.</summary>
public sealed record IndexEntry(GrainId Grain, string Value, DateTimeOffset UpdatedAt);
