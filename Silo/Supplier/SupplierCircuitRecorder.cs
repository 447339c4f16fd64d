using System.Text.Json;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Silo.Operations;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// Keeps this silo's supplier circuit breaker transitions in the <c>supplier-circuit</c> stream (grain key: the silo's
/// address), so that a gateway, which holds no breaker of its own, can show every silo's circuit. The breaker lives
/// in each silo's memory; a transition is rare, so writing it in the breaker's callback costs one insert then.
/// </summary>
internal sealed class SupplierCircuitRecorder(IServiceProvider services, TimeProvider time, ILogger<SupplierCircuitRecorder> logger)
{
    public const string Open = "open";
    public const string HalfOpen = "half-open";
    public const string Closed = "closed";

    /// <summary>The longest a transition's insert may hold the supplier call whose outcome caused it.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    public async ValueTask RecordAsync(string state, string? reason, CancellationToken cancellationToken)
    {
        // A silo without the operations tables (or a host that is no silo) keeps its breaker in the log alone.
        if (services.GetService<IOperationsStore>() is not { } store || services.GetService<ILocalSiloDetails>() is not { } silo)
        {
            return;
        }

        var at = time.GetUtcNow();
        var key = silo.SiloAddress.ToParsableString();

        // The breaker's callback runs inside a supplier call: a slow database must not hold that call for long.
        using var timeout = new CancellationTokenSource(MaxWait, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await store.AppendAsync(
                OperationsStreams.SupplierCircuit,
                key,
                $"{state}/{at.UtcTicks}",
                at,
                JsonSerializer.Serialize(new SupplierCircuitRecord(key, state, at, reason), OperationsJson.Default.SupplierCircuitRecord),
                bounded.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The breaker must keep working whatever the database does; the page then shows an older state.
            OperationsLog.CircuitNotRecorded(logger, state, exception.Message);
        }
    }
}
