using Microsoft.Extensions.Logging;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Payments;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Returns a payment (<see cref="RefundPayment"/>) through the provider that took it, with the effect's idempotency
/// key, so a re-dispatch after a crash or a lost lease never refunds twice where the provider honours keys. The
/// provider's answer goes back to the order: <see cref="RefundCompleted"/> or <see cref="RefundFailed"/>. An
/// unreachable provider is a transient failure: the outbox tries again with the same key.
/// </summary>
public sealed class RefundHandler(IPaymentRefunds refunds, ILogger<RefundHandler> logger) : IEffectHandler
{
    public string Kind => OrderEffectKinds.Refund;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (RefundPayment)context.Read(OrdersJsonContext.Default.OrderEffect);
        RefundResult result;
        try
        {
            result = await refunds.RefundAsync(
                effect.Provider, effect.PaymentReference, effect.AmountMinor, effect.Currency, context.IdempotencyKey, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // A payment no provider could refund as recorded (no reference, no amount, no valid currency): asking
            // again cannot help, so the order hears it failed and an operator settles it.
            PaymentsLog.RefundNotRequestable(logger, effect.Provider, effect.OrderId, effect.Step, e.ParamName ?? "request");
            return EffectResult.Reply(new RefundFailed(effect.Step, $"the payment cannot be refunded automatically ({e.ParamName ?? "request"} is not valid)", context.Now));
        }

        return result switch
        {
            RefundResult.Succeeded s => EffectResult.Reply(new RefundCompleted(effect.Step, s.RefundId, context.Now)),
            RefundResult.Rejected r => EffectResult.Reply(new RefundFailed(effect.Step, r.Reason, context.Now)),
            RefundResult.Unavailable u => EffectResult.Retry($"{effect.Provider} refund unavailable: {u.Reason}"),
            _ => throw new InvalidOperationException($"Unknown refund result {result.GetType().Name}."),
        };
    }
}
