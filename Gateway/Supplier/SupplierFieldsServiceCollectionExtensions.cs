using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Supplier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reader of the supplier's order JSON.</summary>
public static class SupplierFieldsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SupplierFieldOptions"/> from <c>Supplier:Fields</c>, validates them at start-up and registers
    /// <see cref="SupplierOrderReader"/> as a singleton. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSupplierOrderReader(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SupplierOrderReader)))
        {
            return services;
        }

        services.AddOptions<SupplierFieldOptions>().BindConfiguration(SupplierFieldOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupplierFieldOptions>, SupplierFieldOptionsValidator>());
        services.TryAddSingleton<SupplierOrderReader>();
        return services;
    }
}
