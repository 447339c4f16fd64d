namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// A clock that follows another one chosen later: the supplier simulator must start before the cluster (the cluster's
/// configuration names the simulator's address), yet sign its webhooks with the cluster's test clock, which the gateway
/// checks them against.
/// </summary>
internal sealed class LateBoundTimeProvider : TimeProvider
{
    private TimeProvider _inner = System;

    public void Follow(TimeProvider clock) => Volatile.Write(ref _inner, clock);

    public override DateTimeOffset GetUtcNow() => Volatile.Read(ref _inner).GetUtcNow();

    public override long GetTimestamp() => Volatile.Read(ref _inner).GetTimestamp();

    public override long TimestampFrequency => Volatile.Read(ref _inner).TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Volatile.Read(ref _inner).LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Volatile.Read(ref _inner).CreateTimer(callback, state, dueTime, period);
}
