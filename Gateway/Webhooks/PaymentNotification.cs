namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>A verified provider event, in provider-neutral terms.</summary>
/// <param name="Provider">One of <see cref="PaymentProviders"/>.</param>
/// <param name="EventId">The provider's event id; the order grain de-duplicates on it.</param>
/// <param name="Outcome">What the event means.</param>
/// <param name="OrderId">Our order id, as the storefront put it on the payment. Always set for
/// <see cref="PaymentOutcome.Succeeded"/>, <see cref="PaymentOutcome.Failed"/> and <see cref="PaymentOutcome.OrderNamed"/>.</param>
/// <param name="AmountMinor">The amount in minor units of <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code, upper case.</param>
/// <param name="PaymentReference">The provider's id of the payment (Stripe PaymentIntent, PayPal capture,
/// PesaPal order tracking id), the handle a refund is made against. Every event about one payment names the same
/// reference, and the order grain counts a payment once by it, however many events report it.</param>
/// <param name="ProviderOrderId">The provider's own order the event belongs to (PayPal's checkout order id), recorded on
/// the order for the reconciliation sweep; always set for <see cref="PaymentOutcome.OrderNamed"/>.</param>
public sealed record PaymentNotification(
    string Provider,
    string EventId,
    PaymentOutcome Outcome,
    string? OrderId,
    long? AmountMinor,
    string? Currency,
    string? PaymentReference,
    string? ProviderOrderId = null);
