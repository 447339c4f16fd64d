using Orleans.Delivery.Grains.Effects;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>Writes an order's row of the listing; an older row than the stored one changes nothing.</summary>
public sealed class OrderRowHandler(IOrderListStore store) : IEffectHandler
{
    public string Kind => OrderRowEffect.Kind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var (row, version) = OrderRowEffect.Decode(context.Payload);
        await store.UpsertAsync(row, version, cancellationToken);
        return EffectResult.Done;
    }
}
