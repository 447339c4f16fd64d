namespace Orleans.Delivery.Runtime.Storage;

/// <summary>How a turn ended in the store.</summary>
/// <param name="Committed">False only when the turn's lease had been taken over; nothing was written then.</param>
/// <param name="Version">The version written.</param>
/// <param name="PlannedWork">The turn wrote outbox rows or reminders: silos may have work.</param>
internal sealed record TurnOutcome(bool Committed, object? Response, long Version, bool PlannedWork)
{
    public static TurnOutcome LeaseLost { get; } = new(false, null, 0, false);
}
