using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>Healthy while a silo answers a grain call that reads the database.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default).ReadReviewAsync(1, cancellationToken);
            return HealthCheckResult.Healthy("a silo and its database answer");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason stays in the health report's exception for logs; the HTTP body only says Unhealthy.
            return HealthCheckResult.Unhealthy("no silo, or its database, answers", e);
        }
    }
}
