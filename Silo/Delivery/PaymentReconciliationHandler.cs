using Microsoft.Extensions.Logging;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Payments;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Asks the payment providers whether an order nobody confirmed was paid after all (<see cref="ReconcilePaymentStatus"/>,
/// planned by the reconciliation sweep): Stripe by searching the PaymentIntents that carry the order id, PayPal by the
/// checkout orders the order has recorded (named by the storefront or by earlier webhooks), PesaPal by the tracking ids
/// the order has seen in notices or was given. A payment found comes back as a <see cref="ConfirmPayment"/> marked
/// reconciled, with the payment reference a webhook about the same payment carries (PaymentIntent, capture, tracking
/// id), so the order confirms it once whichever arrives first. Nothing found changes nothing; a provider that cannot be
/// asked now is asked again on a later sweep, so it is not retried here.
/// </summary>
/// <remarks>
/// A PayPal order that is approved but not captured is left alone: capturing is the storefront's step, and the buyer's
/// approval is not money. PayPal has no search of orders by our reference, so a PayPal order that neither the
/// storefront nor any webhook named is not found here.
/// </remarks>
public sealed class PaymentReconciliationHandler(
    ILogger<PaymentReconciliationHandler> logger, StripeClient? stripe = null, PesaPalClient? pesaPal = null, PayPalClient? payPal = null)
    : IEffectHandler
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

        if (payPal is not null && await FindPayPalPaymentAsync(payPal, effect, cancellationToken) is { } payment)
        {
            PaymentsLog.ReconciledPayment(logger, effect.OrderId, PaymentProviders.PayPal, payment.PaymentReference!);
            return EffectResult.Reply(new ConfirmPayment(
                PaymentProviders.PayPal, $"reconciliation:{payment.PaymentReference}", payment.AmountMinor!.Value, payment.Currency!,
                payment.PaymentReference!, context.Now, Reconciled: true));
        }

        var trackingIds = effect.TrackingIds.Concat(IdsOf(effect, PaymentProviders.PesaPal)).Distinct(StringComparer.Ordinal);
        foreach (var trackingId in pesaPal is null ? [] : trackingIds)
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

    /// <summary>
    /// The first completed capture, made for this very order, among the PayPal orders it recorded. A capture carrying
    /// another order's id (a storefront that named the wrong PayPal order) confirms nothing.
    /// </summary>
    private async Task<PaymentNotification?> FindPayPalPaymentAsync(PayPalClient client, ReconcilePaymentStatus effect, CancellationToken cancellationToken)
    {
        foreach (var id in IdsOf(effect, PaymentProviders.PayPal))
        {
            switch (await client.GetOrderAsync(id, cancellationToken))
            {
                case PayPalOrderLookup.Found { Payment: { } payment } when payment.OrderId != effect.OrderId:
                    PaymentsLog.ProviderOrderForOtherOrder(logger, effect.OrderId, PaymentProviders.PayPal, id, payment.OrderId ?? "?");
                    break;
                case PayPalOrderLookup.Found { Status: "COMPLETED", Payment: { } payment }:
                    return payment;
                case PayPalOrderLookup.Found found:
                    PaymentsLog.ProviderOrderNotCaptured(logger, effect.OrderId, PaymentProviders.PayPal, id, found.Status);
                    break;
                case PayPalOrderLookup.NotFound:
                    PaymentsLog.ProviderOrderNotRead(logger, effect.OrderId, PaymentProviders.PayPal, id, "is unknown to PayPal");
                    break;
                case PayPalOrderLookup.Unavailable unavailable:
                    PaymentsLog.ProviderOrderNotRead(logger, effect.OrderId, PaymentProviders.PayPal, id, $"could not be read: {unavailable.Reason}");
                    break;
            }
        }

        return null;
    }

    private static IEnumerable<string> IdsOf(ReconcilePaymentStatus effect, string provider) =>
        effect.ProviderOrderIds.Where(p => p.Provider == provider).Select(p => p.Id);
}
