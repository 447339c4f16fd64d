namespace Orleans.Delivery.Runtime;

public enum OutboxStatus
{
    /// <summary>Waiting for its due time or for a silo to take it.</summary>
    Pending,

    /// <summary>Dispatched and recorded.</summary>
    Done,

    /// <summary>Failed every attempt; kept for an operator.</summary>
    Dead,
}
