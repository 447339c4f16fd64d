namespace Orleans.Delivery.Silo.Payments;

/// <summary>Refunds a payment at whichever provider took it.</summary>
public interface IPaymentRefunds
{
    /// <summary>
    /// Refunds <paramref name="amountMinor"/> of the payment <paramref name="paymentReference"/>
    /// (<see cref="Gateway.Webhooks.PaymentNotification.PaymentReference"/>) at <paramref name="provider"/>
    /// (<see cref="Gateway.Webhooks.PaymentProviders"/>). The same <paramref name="idempotencyKey"/> never refunds twice
    /// where the provider supports idempotency keys (Stripe, PayPal); PesaPal allows one refund per payment.
    /// </summary>
    Task<RefundResult> RefundAsync(
        string provider,
        string paymentReference,
        long amountMinor,
        string currency,
        string idempotencyKey,
        CancellationToken cancellationToken);
}
