using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Delivery.Testing;

/// <summary>The product's grains and handlers, registered as the Silo host registers them.</summary>
internal static class TestClusterProduct
{
    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddDeliveryHandlers(configuration);
}
