using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Delivery.Runtime;

/// <summary>
/// A grain type: a state, a closed set of messages, and the logic of one turn. Logic is synchronous on purpose:
/// a turn holds the grain's row lock, so it must never wait on the network.
/// </summary>
public abstract class Grain<TState, TMessage> : IGrainDefinition, IStateReader<TState>
    where TState : class
    where TMessage : class
{
    public abstract string TypeName { get; }

    protected abstract JsonTypeInfo<TState> StateType { get; }

    protected abstract JsonTypeInfo<TMessage> MessageType { get; }

    /// <summary>The state of a grain that has never had a turn.</summary>
    protected abstract TState CreateInitial(string key);

    /// <summary>Runs one message; the return value is the caller's response.</summary>
    protected abstract object? Handle(TurnContext<TState> turn, TMessage message);

    /// <summary>Runs one reminder tick.</summary>
    protected virtual void OnReminder(TurnContext<TState> turn, ReminderTick tick) =>
        throw new InvalidOperationException($"Grain type '{TypeName}' does not handle reminders, but '{tick.Name}' fired.");

    /// <summary>Told when one of this grain's effects exhausted its attempts. Does nothing unless overridden.</summary>
    protected virtual void OnEffectDeadLettered(TurnContext<TState> turn, DeadLetter letter)
    {
    }

    /// <summary>Reads a state without a turn (no lock): for queries.</summary>
    public TState ReadState(string key, string? json) => Deserialize(new GrainId(TypeName, key), 0, json);

    object? IGrainDefinition.Execute(TurnFrame frame, TurnInput input)
    {
        var state = Deserialize(frame.Id, frame.Version, frame.StateJson);
        var turn = new TurnContext<TState>(frame, state);
        object? response = null;
        switch (input)
        {
            case TurnInput.Message { Value: TMessage message }:
                response = Handle(turn, message);
                break;
            case TurnInput.Message other:
                throw new ArgumentException($"Grain type '{TypeName}' does not accept {other.Value.GetType().Name}.", nameof(input));
            case TurnInput.SerializedMessage serialized:
                var decoded = JsonSerializer.Deserialize(serialized.Json, MessageType)
                    ?? throw new ArgumentException($"A message to grain type '{TypeName}' was empty.", nameof(input));
                response = Handle(turn, decoded);
                break;
            case TurnInput.Reminder reminder:
                OnReminder(turn, reminder.Tick);
                break;
            case TurnInput.EffectDeadLettered dead:
                OnEffectDeadLettered(turn, dead.Letter);
                break;
        }

        frame.StateJson = JsonSerializer.Serialize(turn.State, StateType);
        return response;
    }

    private TState Deserialize(GrainId id, long version, string? json)
    {
        if (json is null)
        {
            return CreateInitial(id.Key);
        }

        try
        {
            return JsonSerializer.Deserialize(json, StateType)
                ?? throw new JsonException("The stored state is JSON null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new GrainStateUnreadableException(id, version, e);
        }
    }
}
