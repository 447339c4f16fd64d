namespace Orleans.Delivery.Silo.Payments;

/// <summary>Settings of <see cref="PayPalClient"/> (configuration section <c>Payments:PayPal</c>).</summary>
public sealed class PayPalClientOptions : PaymentProviderClientOptions
{
    public PayPalClientOptions() => BaseUrl = new Uri("https://api-m.paypal.com/");

    /// <summary>The REST app's client id. Required.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The REST app's secret. Required.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>How long before its expiry an access token is replaced. Default: 5 minutes.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    internal override void Validate(string provider, List<string> failures)
    {
        base.Validate(provider, failures);
        Require(ClientId, "PayPal ClientId", failures);
        Require(ClientSecret, "PayPal ClientSecret", failures);
        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add("PayPal TokenRefreshMargin must not be negative.");
        }
    }
}
