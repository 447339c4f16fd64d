using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Asks the supplier how a pending order is doing (<see cref="PollSupplierOrder"/>), the fallback for a webhook that
/// does not come, and tells the order (<see cref="SupplierAnswered"/>). No answer is an answer too: the order snoozes
/// its poll without spending an attempt, so nothing is thrown for a supplier outage.
/// </summary>
public sealed class SupplierPollHandler(IServiceProvider services, IGrainFactory grains, ILogger<SupplierPollHandler> logger) : IEffectHandler
{
    public string Kind => OrderEffectKinds.SupplierPoll;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (PollSupplierOrder)context.Read(OrdersJsonContext.Default.OrderEffect);
        SupplierResult result;
        if (services.GetService<SupplierClient>() is not { } supplier)
        {
            DeliveryLog.SupplierNotConfigured(logger, effect.OrderId);
            result = new SupplierResult.Unreachable("no supplier is configured (Supplier:BaseUrl)", MayHaveBeenCreated: false);
        }
        else
        {
            var quantity = await QuantityAsync(effect, cancellationToken);
            var clock = services.GetRequiredService<TimeProvider>();
            var started = clock.GetTimestamp();
            result = SupplierAnswers.FromPoll(await supplier.GetOrderAsync(effect.SupplierOrderId, cancellationToken), effect.SupplierOrderId, quantity);
            await SupplierCallLog.RecordAsync(services, logger, context, effect.OrderId, "poll", result, clock.GetElapsedTime(started), effect.Test, cancellationToken);
        }

        DeliveryLog.SupplierAnswered(logger, "poll", effect.OrderId, effect.Step, SupplierAnswers.Describe(result));
        return EffectResult.Reply(new SupplierAnswered(effect.Step, result, context.Now, Random.Shared.NextDouble()));
    }

    // The poll effect names the line, not its quantity: the order knows how many codes the line needs.
    private async Task<int> QuantityAsync(PollSupplierOrder effect, CancellationToken cancellationToken)
    {
        var order = await grains.GetGrain<IOrderGrain>(effect.OrderId).GetAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Order {effect.OrderId} does not exist.");
        return effect.LineNo >= 1 && effect.LineNo <= order.Lines.Count
            ? order.Lines[effect.LineNo - 1].Quantity
            : throw new InvalidOperationException($"Order {effect.OrderId} has no line {effect.LineNo}.");
    }
}
