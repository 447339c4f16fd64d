using System.Text.Json;
using Orleans.Concurrency;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Operations;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Writes what gateways report into the operations tables, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class OperationsRecorderGrain(IOperationsStore store, TimeProvider time) : Grain, IOperationsRecorderGrain
{
    public const int MaxReasonLength = 300;

    public async Task RecordWebhookFailureAsync(string id, string source, int status, string reason, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var text = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
        await store.AppendAsync(
            OperationsStreams.WebhookFailures,
            source,
            id,
            now,
            JsonSerializer.Serialize(new WebhookFailureRecord(source, status, text, now), OperationsJson.Default.WebhookFailureRecord),
            cancellationToken);
    }
}
