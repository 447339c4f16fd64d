using Microsoft.Extensions.Logging;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Payments;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Asks the payment providers whether an order nobody confirmed was paid after all (<see cref="ReconcilePaymentStatus"/>,
/// planned by the reconciliation sweep): Stripe by searching the PaymentIntents that carry the order id, PesaPal by the
/// tracking ids the order has seen in notices. A payment found comes back as a <see cref="ConfirmPayment"/> marked
/// reconciled, with the event id a webhook or lookup about the same payment would carry, so the order confirms it once
/// whichever arrives first. Nothing found changes nothing; a provider that cannot be asked now is asked again on a
/// later sweep, so it is not retried here.
/// </summary>
/// <remarks>
/// PayPal has no search of orders by our reference (custom_id), and the order does not know a PayPal order id before a
/// webhook names one, so a PayPal payment whose webhooks were all lost is not found here; PayPal itself resends
/// undelivered webhooks for days.
/// </remarks>
public sealed class PaymentReconciliationHandler(
    ILogger<PaymentReconciliationHandler> logger, StripeClient? stripe = null, PesaPalClient? pesaPal = null) : IEffectHandler
{
    public string Kind => OrderEffectKinds.PaymentReconciliation;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var effect = (ReconcilePaymentStatus)context.Read(OrdersJsonContext.Default.OrderEffect);
        if (stripe is not null
            && await stripe.FindSucceededPaymentAsync(effect.OrderId, cancellationToken) is StripePaymentSearch.Found found)
        {
            PaymentsLog.ReconciledPayment(logger, effect.OrderId, PaymentProviders.Stripe, found.PaymentIntentId);
            return EffectResult.Reply(new ConfirmPayment(
                PaymentProviders.Stripe, $"reconciliation:{found.PaymentIntentId}", found.AmountMinor, found.Currency, found.PaymentIntentId,
                context.Now, Reconciled: true));
        }

        foreach (var trackingId in pesaPal is null ? [] : effect.TrackingIds)
        {
            if (await pesaPal!.GetTransactionStatusAsync(trackingId, cancellationToken) is PesaPalStatusResult.Found
                {
                    Status: { StatusCode: PesaPalStatusCode.Completed } status,
                }
                && string.Equals(status.MerchantReference, effect.OrderId, StringComparison.Ordinal))
            {
                PaymentsLog.ReconciledPayment(logger, effect.OrderId, PaymentProviders.PesaPal, trackingId);
                return EffectResult.Reply(new ConfirmPayment(
                    PaymentProviders.PesaPal, status.ToNotification().EventId, status.AmountMinor ?? -1, status.Currency ?? string.Empty, trackingId,
                    context.Now, Reconciled: true));
            }
        }

        return EffectResult.Done;
    }
}
