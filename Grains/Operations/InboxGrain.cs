using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;

namespace Orleans.Delivery.Grains.Operations;

/// <summary>Keeps verified webhooks that matched no order, once per event id, in the <c>unmatched-webhooks</c> stream.</summary>
public sealed class InboxGrain : Grain<InboxState, InboxCommand>
{
    public const string Type = "inbox";

    public const string Stream = "unmatched-webhooks";

    /// <summary>Event ids remembered for de-duplication; older ones fall off (the stream keeps them all).</summary>
    private const int Remembered = 1000;

    public override string TypeName => Type;

    protected override JsonTypeInfo<InboxState> StateType => OperationsJson.Default.InboxState;

    protected override JsonTypeInfo<InboxCommand> MessageType => OperationsJson.Default.InboxCommand;

    protected override InboxState CreateInitial(string key) => new(ImmutableList<string>.Empty, 0);

    protected override object? Handle(TurnContext<InboxState> turn, InboxCommand message)
    {
        var keep = (KeepUnmatched)message;
        if (turn.State.RecentEventIds.Contains(keep.Webhook.EventId))
        {
            return false;
        }

        var recent = turn.State.RecentEventIds.Add(keep.Webhook.EventId);
        turn.State = new InboxState(recent.Count > Remembered ? recent.RemoveAt(0) : recent, turn.State.Kept + 1);
        turn.Log(Stream, keep.Webhook, OperationsJson.Default.UnmatchedWebhook);
        return true;
    }
}

public sealed record InboxState(ImmutableList<string> RecentEventIds, long Kept);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(KeepUnmatched), "keep-unmatched")]
public abstract record InboxCommand;

public sealed record KeepUnmatched(UnmatchedWebhook Webhook) : InboxCommand;

internal sealed class InboxGrainReference(GrainClient client, string key) : IInboxGrain
{
    public string Key => key;

    public Task KeepUnmatchedAsync(UnmatchedWebhook webhook, CancellationToken cancellationToken = default) =>
        client.TellAsync(new GrainId(InboxGrain.Type, key), new KeepUnmatched(webhook), cancellationToken);
}
