using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks.Supplier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the supplier webhook verifier.</summary>
public static class SupplierWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SupplierWebhookOptions"/> from <c>Supplier:Webhook</c>, validates them at start-up and
    /// registers <see cref="SupplierWebhookVerifier"/> as a singleton, with the reader of the supplier's order JSON
    /// (<see cref="SupplierFieldsServiceCollectionExtensions.AddSupplierOrderReader"/>).
    /// </summary>
    public static IServiceCollection AddSupplierWebhookVerifier(this IServiceCollection services, Action<SupplierWebhookOptions>? configure = null)
    {
        var options = services.AddOptions<SupplierWebhookOptions>().BindConfiguration(SupplierWebhookOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupplierWebhookOptions>, SupplierWebhookOptionsValidator>());
        services.TryAddSingleton<SupplierWebhookVerifier>();
        return services.AddSupplierOrderReader();
    }
}
