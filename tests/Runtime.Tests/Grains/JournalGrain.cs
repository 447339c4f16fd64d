using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Delivery.Runtime.Tests.Grains;

/// <summary>A grain that writes down everything that happens to it: the engine's test subject.</summary>
public sealed class JournalGrain : Grain<JournalState, JournalCommand>
{
    public const string Type = "journal";

    public override string TypeName => Type;

    protected override JsonTypeInfo<JournalState> StateType => JournalJson.Default.JournalState;

    protected override JsonTypeInfo<JournalCommand> MessageType => JournalJson.Default.JournalCommand;

    protected override JournalState CreateInitial(string key) => new(ImmutableList<string>.Empty);

    protected override object? Handle(TurnContext<JournalState> turn, JournalCommand message)
    {
        switch (message)
        {
            case Append append:
                turn.State = turn.State with { Entries = turn.State.Entries.Add(append.Entry) };
                return turn.Version + 1;
            case PlanEffect effect:
                turn.Effect("record", effect.Step, new RecordPayload(effect.Payload), JournalJson.Default.RecordPayload);
                return turn.Version + 1;
            case SendTo send:
                turn.Send(new GrainId(Type, send.TargetKey), send.Step, new Append(send.Entry), JournalJson.Default.JournalCommand);
                return turn.Version + 1;
            case SetTimer timer:
                turn.SetReminder(timer.Name, timer.DueAt, timer.Period);
                return turn.Version + 1;
            case CancelTimer cancel:
                turn.CancelReminder(cancel.Name);
                return turn.Version + 1;
            case Note note:
                turn.Log(note.Stream, new RecordPayload(note.Entry), JournalJson.Default.RecordPayload);
                return turn.Version + 1;
            case Flag flag:
                turn.Index(flag.Index, flag.Value);
                return turn.Version + 1;
            case FailAfterPlanning fail:
                turn.State = turn.State with { Entries = turn.State.Entries.Add("should-not-stay") };
                turn.Effect("record", "never", new RecordPayload("never"), JournalJson.Default.RecordPayload);
                turn.SetReminder("never", turn.Now.AddMinutes(1));
                turn.CancelReminder(fail.ReminderToKeep);
                turn.Log("journal-notes", new RecordPayload("never"), JournalJson.Default.RecordPayload);
                turn.Index("journal-flags", "never");
                throw new InvalidOperationException("the turn fails after planning");
            default:
                throw new ArgumentOutOfRangeException(nameof(message));
        }
    }

    protected override void OnReminder(TurnContext<JournalState> turn, ReminderTick tick) =>
        turn.State = turn.State with { Entries = turn.State.Entries.Add($"tick:{tick.Name}:{tick.DueAt.ToUnixTimeSeconds()}:{tick.Missed}") };

    protected override void OnEffectDeadLettered(TurnContext<JournalState> turn, DeadLetter letter) =>
        turn.State = turn.State with { Entries = turn.State.Entries.Add($"dead:{letter.IdempotencyKey}:{letter.Attempts}") };
}

public sealed record JournalState(ImmutableList<string> Entries);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Append), "append")]
[JsonDerivedType(typeof(PlanEffect), "plan-effect")]
[JsonDerivedType(typeof(SendTo), "send-to")]
[JsonDerivedType(typeof(SetTimer), "set-timer")]
[JsonDerivedType(typeof(CancelTimer), "cancel-timer")]
[JsonDerivedType(typeof(FailAfterPlanning), "fail-after-planning")]
[JsonDerivedType(typeof(Note), "note")]
[JsonDerivedType(typeof(Flag), "flag")]
public abstract record JournalCommand;

public sealed record Append(string Entry) : JournalCommand;

public sealed record PlanEffect(string Step, string Payload) : JournalCommand;

public sealed record SendTo(string TargetKey, string Step, string Entry) : JournalCommand;

public sealed record SetTimer(string Name, DateTimeOffset DueAt, TimeSpan? Period) : JournalCommand;

public sealed record CancelTimer(string Name) : JournalCommand;

public sealed record FailAfterPlanning(string ReminderToKeep) : JournalCommand;

public sealed record Note(string Stream, string Entry) : JournalCommand;

public sealed record Flag(string Index, string? Value) : JournalCommand;

public sealed record RecordPayload(string Value);

[JsonSerializable(typeof(JournalState))]
[JsonSerializable(typeof(JournalCommand))]
[JsonSerializable(typeof(RecordPayload))]
public sealed partial class JournalJson : JsonSerializerContext;
