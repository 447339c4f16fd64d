using Microsoft.AspNetCore.Http.Json;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Everything the gateway's endpoints need: the store, the grains, Problem Details, health.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrainStore(configuration);
        services.AddProblemDetails();
        services.Configure<ApiKeyOptions>(configuration.GetSection("Api"));
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }
}
