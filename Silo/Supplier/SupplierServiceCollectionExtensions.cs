using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Silo.Supplier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the supplier client.</summary>
public static class SupplierServiceCollectionExtensions
{
    private const long MaxAnswerBytes = 1024 * 1024;

    /// <summary>
    /// Binds <see cref="SupplierOptions"/> from the <c>Supplier</c> section (then applies
    /// <paramref name="configure"/>), validates them at start-up, and registers <see cref="SupplierClient"/> as a
    /// typed HTTP client with its Polly pipelines (<see cref="SupplierResilience"/>) and the reader of the supplier's order JSON
    /// (<see cref="SupplierFieldsServiceCollectionExtensions.AddSupplierOrderReader"/>, from <c>Supplier:Fields</c>). Uses the registered
    /// <see cref="TimeProvider"/>, or <see cref="TimeProvider.System"/> when none is.
    /// </summary>
    public static IHttpClientBuilder AddSupplierClient(this IServiceCollection services, Action<SupplierOptions>? configure = null)
    {
        var options = services.AddOptions<SupplierOptions>().BindConfiguration(SupplierOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupplierOptions>, SupplierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        SupplierResilience.Register(services);
        services.AddSupplierOrderReader();
        return services.AddHttpClient<SupplierClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<SupplierOptions>>().Value.BaseUrl;

            // The Polly pipeline owns timeouts, per try; HttpClient's own would cut across retries.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.MaxResponseContentBufferSize = MaxAnswerBytes;
        }).AddHttpMessageHandler(() => new EffectFenceHandler());
    }
}
