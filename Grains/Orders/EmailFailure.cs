namespace Orleans.Delivery.Grains.Orders;

/// <summary>Why a delivery email was given up: the outbox spent every attempt on it.</summary>
public sealed record EmailFailure(int Attempts, string Reason, DateTimeOffset At)
{
    /// <summary>The review reason and alert text, e.g. <c>delivery email failed after 8 attempt(s): connection refused</c>.</summary>
    public string Describe() => $"delivery email failed after {Attempts} attempt(s): {Reason}";
}
