using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Delivery.Runtime;

/// <summary>One dispatch of one effect.</summary>
/// <param name="Attempt">1 for the first dispatch; grows with failures and takeovers.</param>
public sealed record EffectContext(
    long OutboxId,
    GrainId Source,
    string Kind,
    string IdempotencyKey,
    string Payload,
    int Attempt,
    DateTimeOffset Now)
{
    public T Read<T>(JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Payload, type) ?? throw new JsonException($"Effect {Kind} has an empty payload.");
}
