using Microsoft.Extensions.Logging;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Hands an order's operator alert (<see cref="RaiseAlert"/>) to the silo's log, at warning level with the alert's
/// kind, where log-based alerting picks it up. The alert itself is already in the <c>alerts</c> stream, written in
/// the turn that raised it; this effect only carries it out of the database, so it never fails.
/// </summary>
public sealed class AlertHandler(ILogger<AlertHandler> logger) : IEffectHandler
{
    public string Kind => OrderEffectKinds.Alert;

    public Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        var alert = (RaiseAlert)context.Read(OrdersJsonContext.Default.OrderEffect);
        SiloLog.OrderAlert(logger, alert.Kind.Name(), alert.OrderId, alert.Message);
        return Task.FromResult(EffectResult.Done);
    }
}
