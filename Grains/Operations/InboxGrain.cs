using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Runtime;

namespace Orleans.Delivery.Grains.Operations;

/// <summary>Keeps verified webhooks that matched no order (key: the sender), once per event id, in the <c>unmatched-webhooks</c> stream.</summary>
[GrainType(InboxGrain.Type)]
public sealed class InboxGrain(
    [PersistentState(InboxGrain.StateName, GrainStorage.Name)] IPersistentState<GrainRecord<InboxState>> record,
    EffectRunner runner,
    TimeProvider time,
    ILogger<InboxGrain> logger)
    : DeliveryGrain<InboxState>(record, runner, time, logger), IInboxGrain
{
    public const string Type = "inbox";

    public const string StateName = "inbox";

    /// <summary>Event ids remembered for de-duplication; older ones fall off (the stream keeps them all).</summary>
    private const int Remembered = 1000;

    protected override InboxState Initial { get; } = new(ImmutableList<string>.Empty, 0);

    public async Task KeepUnmatchedAsync(UnmatchedWebhook webhook, CancellationToken cancellationToken = default)
    {
        if (State.RecentEventIds.Contains(webhook.EventId))
        {
            return;
        }

        var recent = State.RecentEventIds.Add(webhook.EventId);
        var plan = new Plan().Append(OperationsStreams.UnmatchedWebhooks, JsonSerializer.Serialize(webhook, OperationsJson.Default.UnmatchedWebhook), Now);
        await CommitAsync(new InboxState(recent.Count > Remembered ? recent.RemoveAt(0) : recent, State.Kept + 1), plan);
    }
}

public sealed record InboxState(ImmutableList<string> RecentEventIds, long Kept);
