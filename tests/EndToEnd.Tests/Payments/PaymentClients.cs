using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Payments;

/// <summary>Clients pointed at a simulator, with retries that do not wait (no real time passes in tests).</summary>
internal static class PaymentClients
{
    public static PesaPalClient PesaPal(HttpClient http, Uri baseUrl, TimeProvider? clock = null, Action<PesaPalClientOptions>? configure = null)
    {
        var options = Fast(new PesaPalClientOptions
        {
            BaseUrl = baseUrl,
            ConsumerKey = PaymentProviderSimulator.PesaPalConsumerKey,
            ConsumerSecret = PaymentProviderSimulator.PesaPalConsumerSecret,
        });
        configure?.Invoke(options);
        return new PesaPalClient(http, Options.Create(options), clock ?? TimeProvider.System, NullLogger<PesaPalClient>.Instance);
    }

    public static StripeClient Stripe(HttpClient http, Uri baseUrl, Action<StripeClientOptions>? configure = null)
    {
        var options = Fast(new StripeClientOptions { BaseUrl = baseUrl, SecretKey = PaymentProviderSimulator.StripeSecretKey });
        configure?.Invoke(options);
        return new StripeClient(http, Options.Create(options), TimeProvider.System, NullLogger<StripeClient>.Instance);
    }

    public static PayPalClient PayPal(HttpClient http, Uri baseUrl, Action<PayPalClientOptions>? configure = null)
    {
        var options = Fast(new PayPalClientOptions
        {
            BaseUrl = baseUrl,
            ClientId = PaymentProviderSimulator.PayPalClientId,
            ClientSecret = PaymentProviderSimulator.PayPalClientSecret,
        });
        configure?.Invoke(options);
        return new PayPalClient(http, Options.Create(options), TimeProvider.System, NullLogger<PayPalClient>.Instance);
    }

    /// <summary>A base URL nothing listens on: a simulator that was started and stopped again.</summary>
    public static async Task<Uri> DeadBaseUrlAsync()
    {
        var simulator = await PaymentProviderSimulator.StartAsync();
        var url = simulator.BaseUrl;
        await simulator.DisposeAsync();
        return url;
    }

    private static T Fast<T>(T options)
        where T : PaymentProviderClientOptions
    {
        options.RetryBaseDelay = TimeSpan.Zero;
        options.MaxRetryAttempts = 2;
        options.AttemptTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
