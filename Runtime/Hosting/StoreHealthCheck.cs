using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Runtime;

/// <summary>Healthy while the grain store answers.</summary>
public sealed class StoreHealthCheck(GrainStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.Name} store answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reason stays in the health report's exception for logs; the HTTP body only says Unhealthy.
            return HealthCheckResult.Unhealthy($"{store.Name} store does not answer", e);
        }
    }
}
