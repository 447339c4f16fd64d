using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Buys a line's codes from the supplier (<see cref="PlaceSupplierOrder"/>) and tells the order what came of it
/// (<see cref="SupplierAnswered"/>). The supplier does not deduplicate by reference, so before buying the handler looks
/// the reference up whenever an order may already exist: when the order says so (<c>LookupFirst</c>, after a lost
/// answer), and on any dispatch after the first of this same effect (a silo died mid-call, or the answer could not be
/// recorded).
/// </summary>
public sealed class SupplierOrderHandler(IServiceProvider services, ILogger<SupplierOrderHandler> logger) : IEffectHandler
{
    public string Kind => OrderEffectKinds.SupplierOrder;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (PlaceSupplierOrder)context.Read(OrdersJsonContext.Default.OrderEffect);

        // Resolved per call: a typed HttpClient is short-lived, and a silo without a supplier configured has none.
        if (services.GetService<SupplierClient>() is not { } supplier)
        {
            DeliveryLog.SupplierNotConfigured(logger, effect.OrderId);
            return Answer(context, effect, new SupplierResult.Unreachable("no supplier is configured (Supplier:BaseUrl)", MayHaveBeenCreated: false));
        }

        // The injected clock, so the figures follow a test's clock as production's follow the wall clock.
        var clock = services.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        if (effect.LookupFirst || context.Attempt > 1)
        {
            var found = SupplierAnswers.FromLookup(
                await supplier.FindByReferenceAsync(effect.Reference, cancellationToken), effect.Quantity, effect.LookupFirst);
            if (found is not null)
            {
                DeliveryLog.FoundByReference(logger, effect.Reference, effect.Step, context.Attempt, SupplierAnswers.Describe(found));
                await SupplierCallLog.RecordAsync(services, logger, context, effect.OrderId, "lookup", found, clock.GetElapsedTime(started), effect.Test, cancellationToken, effect.AmountMinor, effect.Currency);
                return Answer(context, effect, found);
            }
        }

        var placed = SupplierAnswers.FromPlacement(
            await supplier.PlaceOrderAsync(effect.SupplierSku, effect.Quantity, effect.Reference, cancellationToken), effect.Quantity);
        await SupplierCallLog.RecordAsync(services, logger, context, effect.OrderId, "order", placed, clock.GetElapsedTime(started), effect.Test, cancellationToken, effect.AmountMinor, effect.Currency);
        return Answer(context, effect, placed);
    }

    private EffectResult Answer(EffectContext context, PlaceSupplierOrder effect, SupplierResult result)
    {
        DeliveryLog.SupplierAnswered(logger, "order", effect.OrderId, effect.Step, SupplierAnswers.Describe(result));
        return EffectResult.Reply(new SupplierAnswered(effect.Step, result, context.Now, Random.Shared.NextDouble()));
    }
}
