using Orleans.Delivery.Grains.Effects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Silo.Payments;
using Polly.Registry;

// The DI convention (as in Npgsql): extension methods live in the container's namespace.
namespace Microsoft.Extensions.DependencyInjection;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a client for each provider with a section under <paramref name="payments"/> (<c>Stripe</c>,
    /// <c>PayPal</c>, <c>PesaPal</c>), with options validated at start-up, and <see cref="IPaymentRefunds"/>.
    /// Clients are singletons because they cache access tokens; each owns an HttpClient whose pooled connections
    /// are recycled so DNS changes are seen.
    /// </summary>
    public static IServiceCollection AddPaymentProviderClients(this IServiceCollection services, IConfiguration payments)
    {
        services.TryAddSingleton(TimeProvider.System);
        Add<StripeClientOptions, StripeClient>(services, payments.GetSection("Stripe"), PaymentProviders.Stripe, (http, sp) =>
            new StripeClient(
                http,
                sp.GetRequiredService<IOptions<StripeClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
                sp.GetRequiredService<ILogger<StripeClient>>()));
        Add<PayPalClientOptions, PayPalClient>(services, payments.GetSection("PayPal"), PaymentProviders.PayPal, (http, sp) =>
            new PayPalClient(
                http,
                sp.GetRequiredService<IOptions<PayPalClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
                sp.GetRequiredService<ILogger<PayPalClient>>()));
        Add<PesaPalClientOptions, PesaPalClient>(services, payments.GetSection("PesaPal"), PaymentProviders.PesaPal, (http, sp) =>
            new PesaPalClient(
                http,
                sp.GetRequiredService<IOptions<PesaPalClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
                sp.GetRequiredService<ILogger<PesaPalClient>>()));
        services.TryAddSingleton<IPaymentRefunds>(sp => new PaymentRefunds(
            sp.GetService<StripeClient>(),
            sp.GetService<PayPalClient>(),
            sp.GetService<PesaPalClient>(),
            sp.GetService<IOptions<PesaPalClientOptions>>()));
        return services;
    }

    private static void Add<TOptions, TClient>(
        IServiceCollection services, IConfigurationSection section, string provider, Func<HttpClient, IServiceProvider, TClient> create)
        where TOptions : PaymentProviderClientOptions
        where TClient : class
    {
        if (!section.Exists())
        {
            return;
        }

        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, PaymentProviderOptionsValidator<TOptions>>());
        ProviderHttp.AddPipelines<TOptions, TClient>(services, provider);
        services.TryAddSingleton(sp => create(
            // Polly's per-attempt timeout governs; HttpClient's own 100 s default would cut across it.
            new HttpClient(new EffectFenceHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = Timeout.InfiniteTimeSpan },
            sp));
    }
}
