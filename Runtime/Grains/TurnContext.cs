using System.Text.Json.Serialization.Metadata;

namespace Orleans.Delivery.Runtime;

/// <summary>
/// What a grain sees during one turn: its state, the time, and the means to plan effects, messages and reminders.
/// Nothing planned here happens unless the turn commits.
/// </summary>
public sealed class TurnContext<TState>
{
    private readonly TurnFrame frame;

    internal TurnContext(TurnFrame frame, TState state)
    {
        this.frame = frame;
        State = state;
    }

    public GrainId Id => frame.Id;

    public string Key => frame.Id.Key;

    public DateTimeOffset Now => frame.Now;

    /// <summary>The version the turn started from; the turn commits <c>Version + 1</c>.</summary>
    public long Version => frame.Version;

    public TState State { get; set; }

    /// <summary>
    /// Plans a call to the outside world, dispatched by a silo after the turn commits.
    /// The idempotency key is <c>{type}/{key}/{step}</c>: planning the same step twice, in any turn, records it once.
    /// </summary>
    public void Effect<T>(string kind, string step, T payload, JsonTypeInfo<T> payloadType, DateTimeOffset? notBefore = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        frame.Outbox.Add(new PlannedOutbox(
            OutboxKind.Effect,
            kind,
            null,
            System.Text.Json.JsonSerializer.Serialize(payload, payloadType),
            IdempotencyKey(step),
            notBefore ?? Now));
    }

    /// <summary>Sends a message to another grain, delivered exactly once as a turn of that grain.</summary>
    public void Send<T>(GrainId target, string step, T message, JsonTypeInfo<T> messageType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        frame.Outbox.Add(new PlannedOutbox(
            OutboxKind.Message,
            target.Type,
            target,
            System.Text.Json.JsonSerializer.Serialize(message, messageType),
            IdempotencyKey(step),
            Now));
    }

    /// <summary>Registers or replaces a reminder. A period makes it periodic; ticks stay on the grid <c>dueAt + n·period</c>.</summary>
    public void SetReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A reminder's period must be positive.");
        }

        frame.Reminders.Add(new ReminderChange.Set(name, dueAt, period));
    }

    public void CancelReminder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        frame.Reminders.Add(new ReminderChange.Cancel(name));
    }

    /// <summary>Appends an entry to a stream shared by all grains (a delivery log, alerts), written with the turn.</summary>
    public void Log<T>(string stream, T entry, JsonTypeInfo<T> entryType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        frame.Log.Add((stream, System.Text.Json.JsonSerializer.Serialize(entry, entryType)));
    }

    /// <summary>Puts this grain in index <paramref name="name"/> with a value, or takes it out with null.</summary>
    public void Index(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        frame.Index.Add((name, value));
    }

    private string IdempotencyKey(string step) => $"{frame.Id.Type}/{frame.Id.Key}/{step}";
}
