namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// Wrong console passwords in a row from one client address (key: the address as the gateway sees it), counted once
/// for the whole cluster, so several gateways do not multiply a guesser's tries. Kept in the activation's memory: a
/// silo restart forgets the count (see the grain's remarks).
/// </summary>
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks to try a password now. Null: the try may go ahead, and it is counted as wrong until
    /// <see cref="SucceededAsync"/> says otherwise, so tries sent at once are counted before any is answered. Otherwise
    /// how long the client must still wait; that try is not counted.
    /// </summary>
    Task<TimeSpan?> TryAttemptAsync(LoginThrottlePolicy policy, CancellationToken cancellationToken = default);

    /// <summary>The password was right: the count starts again.</summary>
    Task SucceededAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The gateway's console settings for the throttle: after <paramref name="MaxFailedLogins"/> wrong passwords in a row
/// the client waits <paramref name="LockoutPeriod"/>, twice as long after each further one, at most 15 minutes.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.LoginThrottlePolicy")]
public sealed record LoginThrottlePolicy(int MaxFailedLogins, TimeSpan LockoutPeriod);
