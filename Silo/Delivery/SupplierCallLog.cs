using System.Text.Json;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Operations;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Appends a live order's supplier call (latency, outcome) to the <c>supplier-calls</c> stream for the response-time
/// rule: one idempotent insert per dispatch, no grain call. A call that never left (postponed by our own circuit) is not
/// a supplier response and is not recorded. A placement or look-up records what it buys, for the typical daily spend.
/// </summary>
internal static class SupplierCallLog
{
    public static async Task RecordAsync(
        IServiceProvider services, ILogger logger, EffectContext context, string orderId, string operation, SupplierResult result, TimeSpan latency,
        bool test, CancellationToken cancellationToken, long? amountMinor = null, string? currency = null)
    {
        if (result is SupplierResult.Postponed)
        {
            return;
        }

        var outcome = result switch
        {
            SupplierResult.Completed => "completed",
            SupplierResult.Pending => "pending",
            SupplierResult.Failed => "failed",
            SupplierResult.Unreadable => "unreadable",
            _ => "unreachable",
        };
        DeliveryMetrics.SupplierCallDuration.Record(
            latency.TotalSeconds, new("operation", operation), new("outcome", outcome), new("test", test));
        if (test || services.GetService<IOperationsStore>() is not { } store)
        {
            return;
        }

        var key = $"{context.IdempotencyKey}/{context.Attempt}/{operation}";
        try
        {
            await store.AppendAsync(
                OperationsStreams.SupplierCalls,
                orderId,
                key,
                context.Now,
                JsonSerializer.Serialize(new SupplierCallRecord(operation, outcome, latency.TotalMilliseconds, context.Now, amountMinor, amountMinor is null ? null : currency), OperationsJson.Default.SupplierCallRecord),
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The supplier has answered and the order must hear it: a statistic lost to a database hiccup is not worth
            // calling the supplier again for.
            OperationsLog.SupplierCallNotRecorded(logger, orderId, key, exception.Message);
        }
    }
}
