namespace Orleans.Delivery.Grains.Effects;

/// <summary>How an effect ended.</summary>
public abstract record EffectResult
{
    /// <summary>Done; nothing to tell the grain.</summary>
    public static EffectResult Done { get; } = new Completed();

    /// <summary>Done; the grain receives <paramref name="message"/> in the same transaction that records the effect as done.</summary>
    public static EffectResult Reply(object message) => new Replied(message);

    /// <summary>Not done; try again later (counts as a failed attempt).</summary>
    public static EffectResult Retry(string reason) => new Failed(reason);

    public sealed record Completed : EffectResult;

    public sealed record Replied(object Message) : EffectResult;

    public sealed record Failed(string Reason) : EffectResult;
}
