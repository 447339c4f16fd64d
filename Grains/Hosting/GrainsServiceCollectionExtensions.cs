using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Delivery.Grains.Effects;
using Orleans.Runtime;
using Orleans.Delivery.Grains.Hosting;
using Orleans.Delivery.Grains.Customers;
using Orleans.Delivery.Grains.Orders;

namespace Microsoft.Extensions.DependencyInjection;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// What a silo needs to host the product's grains: the order policy, the effect runner with its options, and the
    /// handler that carries messages between grains. Orleans finds the grain classes in this assembly by itself.
    /// </summary>
    public static IServiceCollection AddDeliveryGrains(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(EffectRunner)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrderPolicy>().BindConfiguration("Orders").Validate(p => p.Validate().IsEmpty, "Orders: invalid order policy");
        services.AddOptions<EffectOptions>().BindConfiguration(EffectOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EffectActivity>();
        services.AddSingleton<EffectRunner>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<EffectRunner>());
        services.AddSingleton<IEffectHandler>(sp => new GrainMessageHandler(CustomerGrain.Type, sp.GetRequiredService<IGrainFactory>()));
        return services;
    }

    public static IServiceCollection AddEffectHandler<THandler>(this IServiceCollection services)
        where THandler : class, IEffectHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton<IEffectHandler>(sp => sp.GetRequiredService<THandler>());
        return services;
    }
}
