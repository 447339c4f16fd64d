using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Console;

/// <summary>
/// Wrong passwords in a row from one client and until when it must wait, as pure functions of the time given.
/// </summary>
public sealed record LoginFailures(int Count, DateTimeOffset LockedUntil)
{
    /// <summary>The longest wait, however many wrong passwords.</summary>
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    public static LoginFailures None { get; } = new(0, DateTimeOffset.MinValue);

    /// <summary>How long the client must still wait at <paramref name="now"/>; null when it may try.</summary>
    public TimeSpan? WaitAt(DateTimeOffset now) => LockedUntil > now ? LockedUntil - now : null;

    /// <summary>One more wrong password at <paramref name="now"/>: from the policy's count on, a wait that doubles each time.</summary>
    public LoginFailures Failed(DateTimeOffset now, LoginThrottlePolicy policy)
    {
        var count = Count + 1;
        var over = count - policy.MaxFailedLogins;
        var lockedUntil = over < 0
            ? DateTimeOffset.MinValue
            : now + TimeSpan.FromTicks(Math.Min(MaxLockout.Ticks, policy.LockoutPeriod.Ticks << Math.Min(over, 20)));
        return new LoginFailures(count, lockedUntil);
    }
}
