using Orleans.Delivery.Gateway.Webhooks;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>What PayPal's Orders v2 API said about one checkout order.</summary>
public abstract record PayPalOrderLookup
{
    /// <summary>
    /// The order, in <paramref name="Status"/> (CREATED, APPROVED, COMPLETED, ...). <paramref name="Payment"/>: its
    /// completed capture read as a <c>CHECKOUT.ORDER.COMPLETED</c> webhook would be (our order id, amount, the capture
    /// id as payment reference), or null while nothing is captured.
    /// </summary>
    public sealed record Found(string Status, PaymentNotification? Payment) : PayPalOrderLookup;

    /// <summary>PayPal knows no order with this id (404).</summary>
    public sealed record NotFound : PayPalOrderLookup;

    /// <summary>PayPal could not be asked (unreachable, our credentials refused, an error or unreadable answer).</summary>
    public sealed record Unavailable(string Reason) : PayPalOrderLookup;
}
