namespace Orleans.Delivery.Runtime;

/// <summary>An outbox row is either a call to the outside world or a message to another grain.</summary>
public enum OutboxKind
{
    Effect,
    Message,
}
