using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Console;

/// <summary>
/// One client address's wrong console passwords, for every gateway of the cluster (<see cref="ILoginThrottleGrain"/>).
/// </summary>
/// <remarks>
/// Keyed by client address, not one grain for everyone: a single count would let anyone lock the operators out by
/// guessing, and would funnel every login of the cluster through one activation. An attacker with many addresses is not
/// slowed by either; the throttle slows guessing from one place, it is not an audit record.
/// <para>
/// The count lives in the activation's memory, not in storage: every wrong password would otherwise be a database
/// write that an attacker drives at will. What that costs: a silo restart (or the grain moving to another silo) forgets
/// the count, which gives a guesser at most <see cref="LoginThrottlePolicy.MaxFailedLogins"/> fresh tries per restart,
/// and restarts are not in an attacker's hands. A locked-out activation is kept alive until its lock ends, so idle
/// collection does not forget a lock early.
/// </para>
/// </remarks>
[GrainType(Type)]
public sealed class LoginThrottleGrain(TimeProvider time) : Grain, ILoginThrottleGrain
{
    public const string Type = "login-throttle";

    private LoginFailures failures = LoginFailures.None;

    public Task<TimeSpan?> TryAttemptAsync(LoginThrottlePolicy policy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (failures.WaitAt(now) is { } wait)
        {
            return Task.FromResult<TimeSpan?>(wait);
        }

        failures = failures.Failed(now, policy);
        if (failures.WaitAt(now) is { } locked)
        {
            DelayDeactivation(locked);
        }

        return Task.FromResult<TimeSpan?>(null);
    }

    public Task SucceededAsync(CancellationToken cancellationToken = default)
    {
        failures = LoginFailures.None;
        return Task.CompletedTask;
    }
}
