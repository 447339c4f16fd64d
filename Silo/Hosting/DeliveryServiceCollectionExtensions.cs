using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Silo.Delivery;

// The DI convention (as in Npgsql): extension methods live in the container's namespace.
namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Everything a silo needs to fulfil orders: the mail sender, the links emails carry, and one handler per kind of
    /// order effect. The Silo host and the test cluster both register through here.
    /// </summary>
    public static IServiceCollection AddDeliveryHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDeliveryGrains();
        services.AddMail(configuration);
        services.AddLinkTokens(configuration);
        services.AddEffectHandler<DeliveryEmailHandler>();
        services.AddPaymentProviderClients(configuration.GetSection("Payments"));
        services.AddEffectHandler<RefundHandler>();
        services.AddEffectHandler<PaymentLookupHandler>();
        services.AddEffectHandler<AlertHandler>();
        return services;
    }
}
