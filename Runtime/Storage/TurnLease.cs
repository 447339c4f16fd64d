namespace Orleans.Delivery.Runtime.Storage;

/// <summary>
/// The leased row a turn completes in its own transaction. The write is conditioned on the lease token, so a silo
/// whose lease expired and was taken over completes nothing, and its whole turn is rolled back.
/// </summary>
internal abstract record TurnLease(string Token)
{
    internal sealed record Outbox(long Id, string Token) : TurnLease(Token);

    /// <param name="Next">The next tick of a periodic reminder; null removes a one-shot reminder.</param>
    internal sealed record Reminder(string Name, DateTimeOffset? Next, string Token) : TurnLease(Token);

    /// <summary>The outbox row failed its last attempt: it is moved to the dead-letter state in the grain's turn.</summary>
    internal sealed record DeadOutbox(long Id, string Token, string Error) : TurnLease(Token);
}
