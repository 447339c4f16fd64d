using Orleans.Delivery.Grains.Effects;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Appends a grain's entry to its stream; the table's key (stream, grain, step) makes a repeat a no-op.</summary>
public sealed class OperationsEntryHandler(IOperationsStore store) : IEffectHandler
{
    public string Kind => OperationsEntryEffect.Kind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var entry = OperationsEntryEffect.Decode(context.Payload);
        await store.AppendAsync(entry.Stream, entry.GrainKey, context.IdempotencyKey, entry.At, entry.Entry, cancellationToken);
        return EffectResult.Done;
    }
}

/// <summary>Puts an order in the review queue or takes it out; a change older than the last one applied does nothing.</summary>
public sealed class ReviewChangeHandler(IOperationsStore store) : IEffectHandler
{
    public string Kind => ReviewChangeEffect.Kind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var change = ReviewChangeEffect.Decode(context.Payload);
        await store.SetReviewAsync(change.GrainKey, change.Reason, change.At, change.Version, cancellationToken);
        return EffectResult.Done;
    }
}
