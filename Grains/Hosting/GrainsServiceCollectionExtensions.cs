using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>The product's grain types and the factory that hands out references to them.</summary>
    public static IServiceCollection AddDeliveryGrains(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IGrainFactory)))
        {
            return services;
        }

        services.AddGrain<InboxGrain>();
        services.AddGrain<CatalogGrain>();
        services.AddGrain<OrderGrain>();
        services.AddGrain<CustomerGrain>();
        services.AddOptions<OrderPolicy>().BindConfiguration("Orders").Validate(p => p.Validate().IsEmpty, "Orders: invalid order policy");
        services.AddReference<IOrderGrain>((client, key) => new OrderGrainReference(client, key));
        services.AddReference<ICustomerGrain>((client, key) => new CustomerGrainReference(client, key));
        services.AddReference<ICatalogGrain>((client, key) => new CatalogGrainReference(client, key));
        services.AddReference<IInboxGrain>((client, key) => new InboxGrainReference(client, key));
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }

    private static void AddReference<TInterface>(this IServiceCollection services, Func<GrainClient, string, TInterface> create)
        where TInterface : class =>
        services.AddSingleton<IGrainReferenceFactory>(new GrainReferenceFactory<TInterface>(create));
}
