namespace Orleans.Delivery.Runtime;

/// <summary>An effect that failed every attempt and was moved to the dead-letter state.</summary>
public sealed record DeadLetter(long OutboxId, string Kind, string IdempotencyKey, int Attempts, string? LastError);
