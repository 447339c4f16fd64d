using Microsoft.Extensions.Logging;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Payments;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Looks up a payment that a status-less notice pointed at (<see cref="LookupPaymentStatus"/>, PesaPal's IPN) and
/// tells the order what the provider itself says: COMPLETED confirms, FAILED records a failure, REVERSED records a
/// reversal; a payment still pending (or unknown to the provider) changes nothing. The event ids are the tracking id
/// plus the status, so the same answer seen again is a duplicate to the order. A payment made for another order
/// never confirms this one, whatever the notice claimed.
/// </summary>
public sealed class PaymentLookupHandler(ILogger<PaymentLookupHandler> logger, PesaPalClient? pesaPal = null) : IEffectHandler
{
    public string Kind => OrderEffectKinds.PaymentLookup;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (LookupPaymentStatus)context.Read(OrdersJsonContext.Default.OrderEffect);
        if (effect.Provider != PaymentProviders.PesaPal)
        {
            return EffectResult.Retry($"no payment status lookup for provider '{effect.Provider}'");
        }

        if (pesaPal is null)
        {
            return EffectResult.Retry("PesaPal is not configured (Payments:PesaPal)");
        }

        var lookup = await pesaPal.GetTransactionStatusAsync(effect.TrackingId, cancellationToken);
        if (lookup is not PesaPalStatusResult.Found { Status: var status })
        {
            return EffectResult.Retry($"PesaPal status lookup unavailable: {((PesaPalStatusResult.Unavailable)lookup).Reason}");
        }

        if (status.StatusCode is PesaPalStatusCode.Completed or PesaPalStatusCode.Failed or PesaPalStatusCode.Reversed
            && !string.Equals(status.MerchantReference, effect.OrderId, StringComparison.Ordinal))
        {
            PaymentsLog.LookupForOtherOrder(logger, effect.Provider, effect.OrderId, status.StatusCode.ToString());
            return EffectResult.Done;
        }

        var notification = status.ToNotification();
        return status.StatusCode switch
        {
            // A completed payment without a readable amount is confirmed with none: the order's amount check holds it.
            PesaPalStatusCode.Completed => EffectResult.Reply(new ConfirmPayment(
                effect.Provider, notification.EventId, status.AmountMinor ?? -1, status.Currency ?? string.Empty, effect.TrackingId, context.Now)),
            PesaPalStatusCode.Failed => EffectResult.Reply(new RecordPaymentFailure(
                effect.Provider, notification.EventId, status.PaymentStatusDescription ?? "failed", context.Now)),
            PesaPalStatusCode.Reversed => EffectResult.Reply(new RecordPaymentReversed(
                effect.Provider, notification.EventId, effect.TrackingId, context.Now)),
            // Not paid yet: PesaPal sends another IPN when that changes, and that notice brings a new lookup.
            _ => EffectResult.Done,
        };
    }
}
