using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Operations;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.Silo.Alerts;

/// <summary>
/// Reads the supplier balance for the alerts grain (<c>GET /balance</c>, through the supplier's lookup pipeline) and
/// replies with what came of it: the balance, or why there is none. It always replies, so a failing supplier ends the
/// read rather than piling retries up; the grain asks again at its next evaluation. Reading twice is harmless, so the
/// effect is not fenced.
/// </summary>
public sealed class SupplierBalanceReadHandler(IServiceProvider services, ILogger<SupplierBalanceReadHandler> logger) : IEffectHandler
{
    public string Kind => AlertsGrain.BalanceKind;

    public async Task<EffectResult> HandleAsync(EffectContext context, CancellationToken cancellationToken)
    {
        // Resolved per call: a typed HttpClient is short-lived, and a silo without a supplier configured has none.
        if (services.GetService<SupplierClient>() is not { } supplier)
        {
            return EffectResult.Reply(new SupplierBalanceReported(null, null, "no supplier is configured (Supplier:BaseUrl)", context.Now));
        }

        var response = await supplier.GetBalanceAsync(cancellationToken);
        var at = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (response is SupplierResponse.Balance balance)
        {
            return EffectResult.Reply(new SupplierBalanceReported(balance.Amount, balance.Currency, null, at));
        }

        var problem = response switch
        {
            SupplierResponse.Rejected r => $"refused (HTTP {r.StatusCode}): {r.Reason}",
            SupplierResponse.NotSent n => $"not sent: {n.Reason}",
            SupplierResponse.Unreachable u => $"unreachable: {u.Reason}",
            SupplierResponse.Malformed m => $"unreadable: {m.Reason}",
            _ => response.GetType().Name,
        };
        OperationsLog.BalanceUnavailable(logger, problem);
        return EffectResult.Reply(new SupplierBalanceReported(null, null, problem, at));
    }
}
