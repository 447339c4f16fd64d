namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>The provider names used in <see cref="PaymentNotification.Provider"/> and for refunds.</summary>
public static class PaymentProviders
{
    public const string Stripe = "stripe";
    public const string PayPal = "paypal";
    public const string PesaPal = "pesapal";
}
