using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Effects;

/// <summary>A message for another grain's <see cref="IEffectHost.ReceiveAsync"/>.</summary>
public sealed record GrainMessage(string GrainType, string GrainKey, string Message)
{
    internal static string Encode(GrainMessage message) => JsonSerializer.Serialize(message, EffectsJson.Default.GrainMessage);

    public static GrainMessage Decode(string payload) =>
        JsonSerializer.Deserialize(payload, EffectsJson.Default.GrainMessage) ?? throw new JsonException("A grain message is empty.");
}

/// <summary>An entry for a stream of the operations tables, appended once per (stream, grain, step).</summary>
public sealed record OperationsEntryEffect(string Stream, string GrainKey, string Entry, DateTimeOffset At)
{
    public const string Kind = "operations-append";

    internal static string Encode(OperationsEntryEffect entry) => JsonSerializer.Serialize(entry, EffectsJson.Default.OperationsEntryEffect);

    public static OperationsEntryEffect Decode(string payload) =>
        JsonSerializer.Deserialize(payload, EffectsJson.Default.OperationsEntryEffect) ?? throw new JsonException("An operations entry is empty.");
}

/// <summary>A change of the review queue for one grain, applied only when <paramref name="Version"/> is newer than the last one applied.</summary>
public sealed record ReviewChangeEffect(string GrainKey, string? Reason, DateTimeOffset At, long Version)
{
    public const string Kind = "operations-review";

    internal static string Encode(ReviewChangeEffect change) => JsonSerializer.Serialize(change, EffectsJson.Default.ReviewChangeEffect);

    public static ReviewChangeEffect Decode(string payload) =>
        JsonSerializer.Deserialize(payload, EffectsJson.Default.ReviewChangeEffect) ?? throw new JsonException("A review change is empty.");
}

/// <summary>A grain's row of a table keyed by grain, applied only when <paramref name="Version"/> is newer than the stored row's.</summary>
public sealed record RowChangeEffect(string Table, string GrainKey, string Row, long Version)
{
    public const string Kind = "operations-row";

    internal static string Encode(RowChangeEffect change) => JsonSerializer.Serialize(change, EffectsJson.Default.RowChangeEffect);

    public static RowChangeEffect Decode(string payload) =>
        JsonSerializer.Deserialize(payload, EffectsJson.Default.RowChangeEffect) ?? throw new JsonException("A row change is empty.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GrainMessage))]
[JsonSerializable(typeof(OperationsEntryEffect))]
[JsonSerializable(typeof(ReviewChangeEffect))]
[JsonSerializable(typeof(RowChangeEffect))]
internal sealed partial class EffectsJson : JsonSerializerContext;
