namespace Orleans.Delivery.Runtime;

/// <summary>What became of one outbox row a silo ran; raised for tests and metrics.</summary>
public sealed record EffectDispatched(string SiloId, long OutboxId, GrainId Source, OutboxKind Kind, string Name, string IdempotencyKey, int Attempt, DispatchOutcome Outcome);

public enum DispatchOutcome
{
    Completed,
    Retrying,
    DeadLettered,
    LeaseLost,
}
