namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// How a silo's <see cref="EffectRunner"/> talks to a grain that planned effects. Every call is safe to repeat: a
/// report for an effect the grain no longer holds, or for an older dispatch of it, changes nothing.
/// </summary>
[Alias("delivery.IEffectHost")]
public interface IEffectHost : IGrainWithStringKey
{
    /// <summary>Fires what is due (wakes) and hands due effects to the runner.</summary>
    [Alias("tick")]
    Task TickAsync();

    /// <summary>
    /// Takes <paramref name="step"/> for dispatch <paramref name="attempt"/> with an ETag-checked write, just before a
    /// fenced call. False when the effect is gone, or another dispatch took it since; a stale activation fails the
    /// write and throws, so in neither case may the caller make the call.
    /// </summary>
    [Alias("claim")]
    Task<bool> ClaimAsync(string step, int attempt);

    /// <summary>Records how dispatch <paramref name="attempt"/> of <paramref name="step"/> ended.</summary>
    [Alias("complete")]
    Task CompleteAsync(string step, int attempt, EffectReport report);

    /// <summary>A message from another grain's effect (e.g. an order granting a download), once per <paramref name="idempotencyKey"/> step.</summary>
    [Alias("receive")]
    Task ReceiveAsync(string message, string idempotencyKey);
}

/// <summary>The end of one dispatch: done, done with a reply (JSON of the grain's command), or failed with a reason.</summary>
[GenerateSerializer, Immutable, Alias("delivery.EffectReport")]
public sealed record EffectReport(EffectReportKind Kind, string? Reply, string? Error)
{
    public static EffectReport Done { get; } = new(EffectReportKind.Done, null, null);
}

[GenerateSerializer, Alias("delivery.EffectReportKind")]
public enum EffectReportKind
{
    Done,
    Replied,
    Failed,
}
