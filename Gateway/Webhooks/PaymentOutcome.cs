namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>What a provider's payment event means for the order it names.</summary>
public enum PaymentOutcome
{
    /// <summary>The money was taken: the order may be confirmed.</summary>
    Succeeded,

    /// <summary>The payment attempt failed; the customer may retry.</summary>
    Failed,

    /// <summary>Money already taken went back (refund, reversal).</summary>
    Reversed,

    /// <summary>An event type we do not act on. Providers still expect a 2xx for it.</summary>
    Unrecognised,

    /// <summary>
    /// No money yet, but the event names the provider's order for our order (PayPal CHECKOUT.ORDER.APPROVED,
    /// PAYMENT.CAPTURE.PENDING): it is recorded, so the reconciliation sweep can ask about it if the payment's own
    /// webhook is lost.
    /// </summary>
    OrderNamed,
}
