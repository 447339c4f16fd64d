namespace Orleans.Delivery.Silo.Payments;

/// <summary>What a search of Stripe's PaymentIntents for one order found.</summary>
public abstract record StripePaymentSearch
{
    /// <summary>A succeeded PaymentIntent for the order; <paramref name="Currency"/> upper-case.</summary>
    public sealed record Found(string PaymentIntentId, long AmountMinor, string Currency) : StripePaymentSearch;

    /// <summary>Stripe answered: no succeeded payment for the order.</summary>
    public sealed record NotFound : StripePaymentSearch;

    /// <summary>Stripe could not be asked (unreachable, an error answer, an unreadable body).</summary>
    public sealed record Unavailable(string Reason) : StripePaymentSearch;
}
