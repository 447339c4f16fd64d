namespace Orleans.Delivery.Runtime;

/// <summary>
/// The engine's view of a grain type: how to read and write its state and how to run one turn.
/// Implemented by <see cref="Grain{TState, TMessage}"/>; the engine never sees a grain's types.
/// </summary>
public interface IGrainDefinition
{
    string TypeName { get; }

    /// <summary>Runs the grain's logic for one input inside a turn. Must not do I/O.</summary>
    internal object? Execute(TurnFrame frame, TurnInput input);
}

/// <summary>What a turn is asked to do: a message (typed in-process, or JSON from the outbox) or a reminder tick.</summary>
internal abstract record TurnInput
{
    internal sealed record Message(object Value) : TurnInput;

    internal sealed record SerializedMessage(string Json) : TurnInput;

    internal sealed record Reminder(ReminderTick Tick) : TurnInput;

    internal sealed record EffectDeadLettered(DeadLetter Letter) : TurnInput;
}
