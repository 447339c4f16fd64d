using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>One dispatch of one effect.</summary>
/// <param name="Grain">The grain that planned it, as <c>{type}/{key}</c>.</param>
/// <param name="IdempotencyKey"><c>{type}/{key}/{step}</c>: the same for every dispatch of this effect.</param>
/// <param name="Attempt">1 for the first dispatch; grows with failures and takeovers.</param>
public sealed record EffectContext(
    string Grain,
    string Kind,
    string IdempotencyKey,
    string Payload,
    int Attempt,
    DateTimeOffset Now)
{
    public T Read<T>(JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Payload, type) ?? throw new JsonException($"Effect {Kind} has an empty payload.");
}
