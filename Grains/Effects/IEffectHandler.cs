namespace Orleans.Delivery.Grains.Effects;

/// <summary>
/// Performs one kind of effect: the I/O a grain planned. Runs on a silo, outside any turn, possibly more than once
/// for the same effect (after a crash or a lost lease), so it passes <see cref="EffectContext.IdempotencyKey"/> on
/// to whatever it calls. It never changes grain state itself: it answers with a message for the grain.
/// </summary>
public interface IEffectHandler
{
    /// <summary>The effect kind it performs, as a grain plans it.</summary>
    string Kind { get; }

    /// <summary>Performs the effect. An exception counts as a failed attempt and is retried with backoff.</summary>
    Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken);
}
