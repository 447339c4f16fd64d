namespace Orleans.Delivery.Silo.Payments;

/// <summary>Settings of <see cref="PesaPalClient"/> (configuration section <c>Payments:PesaPal</c>).</summary>
public sealed class PesaPalClientOptions : PaymentProviderClientOptions
{
    public PesaPalClientOptions() => BaseUrl = new Uri("https://pay.pesapal.com/v3/");

    /// <summary>The merchant consumer key. Required.</summary>
    public string ConsumerKey { get; set; } = string.Empty;

    /// <summary>The merchant consumer secret. Required.</summary>
    public string ConsumerSecret { get; set; } = string.Empty;

    /// <summary>The <c>username</c> PesaPal records as the initiator of refunds. Default: <c>orleans-delivery</c>.</summary>
    public string RefundUsername { get; set; } = "orleans-delivery";

    /// <summary>
    /// How long before its expiry a token is replaced. PesaPal tokens live about five minutes. Default: 30 seconds.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(30);

    internal override void Validate(string provider, List<string> failures)
    {
        base.Validate(provider, failures);
        Require(ConsumerKey, "PesaPal ConsumerKey", failures);
        Require(ConsumerSecret, "PesaPal ConsumerSecret", failures);
        Require(RefundUsername, "PesaPal RefundUsername", failures);
        if (TokenRefreshMargin < TimeSpan.Zero || TokenRefreshMargin >= TimeSpan.FromMinutes(5))
        {
            failures.Add("PesaPal TokenRefreshMargin must be between 0 and 5 minutes.");
        }
    }
}
