namespace Orleans.Delivery.Runtime;

/// <summary>One outbox row as operators see it.</summary>
public sealed record OutboxEntry(
    long Id,
    GrainId Source,
    OutboxKind Kind,
    string Name,
    string IdempotencyKey,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? LastError);
