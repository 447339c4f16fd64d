namespace Orleans.Delivery.Silo.Payments;

/// <summary>Settings of <see cref="StripeClient"/> (configuration section <c>Payments:Stripe</c>).</summary>
public sealed class StripeClientOptions : PaymentProviderClientOptions
{
    public StripeClientOptions() => BaseUrl = new Uri("https://api.stripe.com/");

    /// <summary>The secret API key (<c>sk_…</c>), sent as a Bearer token. Required.</summary>
    public string SecretKey { get; set; } = string.Empty;

    internal override void Validate(string provider, List<string> failures)
    {
        base.Validate(provider, failures);
        Require(SecretKey, "Stripe SecretKey", failures);
    }
}
