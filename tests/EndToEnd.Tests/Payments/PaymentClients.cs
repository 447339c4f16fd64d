using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Silo.Payments;
using Orleans.Delivery.Testing.Simulators;
using Polly.Registry;

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
        var time = clock ?? TimeProvider.System;
        return new PesaPalClient(http, Options.Create(options), time, Pipelines<PesaPalClientOptions, PesaPalClient>(PaymentProviders.PesaPal, options, time), NullLogger<PesaPalClient>.Instance);
    }

    public static StripeClient Stripe(HttpClient http, Uri baseUrl, Action<StripeClientOptions>? configure = null)
    {
        var options = Fast(new StripeClientOptions { BaseUrl = baseUrl, SecretKey = PaymentProviderSimulator.StripeSecretKey });
        configure?.Invoke(options);
        var time = TimeProvider.System;
        return new StripeClient(http, Options.Create(options), time, Pipelines<StripeClientOptions, StripeClient>(PaymentProviders.Stripe, options, time), NullLogger<StripeClient>.Instance);
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
        var time = TimeProvider.System;
        return new PayPalClient(http, Options.Create(options), time, Pipelines<PayPalClientOptions, PayPalClient>(PaymentProviders.PayPal, options, time), NullLogger<PayPalClient>.Instance);
    }

    /// <summary>A base URL nothing listens on: a simulator that was started and stopped again.</summary>
    public static async Task<Uri> DeadBaseUrlAsync()
    {
        var simulator = await PaymentProviderSimulator.StartAsync();
        var url = simulator.BaseUrl;
        await simulator.DisposeAsync();
        return url;
    }

    // The provider's pipelines registered as the silo registers them, on these options and this clock.
    private static ResiliencePipelineProvider<string> Pipelines<TOptions, TClient>(string provider, TOptions options, TimeProvider time)
        where TOptions : PaymentProviderClientOptions
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<ILogger<TClient>>(NullLogger<TClient>.Instance);
        ProviderHttp.AddPipelines<TOptions, TClient>(services, provider);
        return services.BuildServiceProvider().GetRequiredService<ResiliencePipelineProvider<string>>();
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
