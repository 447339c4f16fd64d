using System.Text.Json;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;

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

/// <summary>Writes a grain's row of a table keyed by grain (the <c>orders</c> table); an older version than the stored row does nothing.</summary>
public sealed class RowChangeHandler(IOperationsStore store) : IEffectHandler
{
    public string Kind => RowChangeEffect.Kind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var change = RowChangeEffect.Decode(context.Payload);
        if (change.Table != OperationsStreams.Orders)
        {
            return EffectResult.Retry($"no table '{change.Table}' for grain rows");
        }

        var order = JsonSerializer.Deserialize(change.Row, OperationsJson.Default.OrderListing) ?? throw new JsonException("An order row is empty.");
        await store.UpsertOrderAsync(order, change.Version, cancellationToken);
        return EffectResult.Done;
    }
}
