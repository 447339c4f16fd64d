using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>Dispatches a refund to the client of the provider that took the payment.</summary>
/// <remarks>A provider whose client is not registered (not configured) answers <see cref="RefundResult.Unavailable"/>.</remarks>
public sealed class PaymentRefunds(
    StripeClient? stripe = null,
    PayPalClient? payPal = null,
    PesaPalClient? pesaPal = null,
    IOptions<PesaPalClientOptions>? pesaPalOptions = null) : IPaymentRefunds
{
    public async Task<RefundResult> RefundAsync(
        string provider, string paymentReference, long amountMinor, string currency, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentReference);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMinor);
        if (!CurrencyMinorUnits.IsCurrencyCode(currency))
        {
            throw new ArgumentException("Currency must be an upper-case ISO 4217 code.", nameof(currency));
        }

        return provider switch
        {
            PaymentProviders.Stripe when stripe is not null =>
                await stripe.RefundAsync(paymentReference, amountMinor, idempotencyKey, cancellationToken),
            PaymentProviders.PayPal when payPal is not null =>
                await payPal.RefundCaptureAsync(paymentReference, amountMinor, currency, idempotencyKey, cancellationToken),
            PaymentProviders.PesaPal when pesaPal is not null =>
                await RefundPesaPalAsync(pesaPal, paymentReference, amountMinor, currency, idempotencyKey, cancellationToken),
            PaymentProviders.Stripe or PaymentProviders.PayPal or PaymentProviders.PesaPal =>
                new RefundResult.Unavailable($"{provider} is not configured"),
            _ => new RefundResult.Rejected($"unknown payment provider '{provider}'"),
        };
    }

    /// <summary>
    /// A PesaPal payment is known by its order tracking id, but refunds are made against the confirmation code,
    /// which only GetTransactionStatus gives; the same call tells whether it was already reversed.
    /// </summary>
    private async Task<RefundResult> RefundPesaPalAsync(
        PesaPalClient client, string orderTrackingId, long amountMinor, string currency, string idempotencyKey, CancellationToken cancellationToken)
    {
        var lookup = await client.GetTransactionStatusAsync(orderTrackingId, cancellationToken);
        if (lookup is PesaPalStatusResult.Unavailable unavailable)
        {
            return new RefundResult.Unavailable(unavailable.Reason);
        }

        var status = ((PesaPalStatusResult.Found)lookup).Status;
        return status switch
        {
            // Already reversed, by us on an earlier attempt or by the merchant: nothing more to do.
            { StatusCode: PesaPalStatusCode.Reversed, ConfirmationCode: { } code } => new RefundResult.Succeeded(code),
            { StatusCode: not PesaPalStatusCode.Completed } => new RefundResult.Rejected($"payment is {status.StatusCode.ToString().ToUpperInvariant()}, not COMPLETED"),
            { ConfirmationCode: null } => new RefundResult.Rejected("payment has no confirmation code"),
            { Currency: { } paid } when paid != currency => new RefundResult.Rejected($"payment was made in {paid}, not {currency}"),
            _ => await client.RefundAsync(
                status.ConfirmationCode,
                amountMinor,
                currency,
                pesaPalOptions?.Value.RefundUsername ?? new PesaPalClientOptions().RefundUsername,
                $"Automated refund {idempotencyKey}",
                cancellationToken),
        };
    }
}
