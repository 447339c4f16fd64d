using Orleans.Delivery.Grains.Console;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Tests.Console;

public sealed class LoginFailuresSpecs
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LoginThrottlePolicy Policy = new(5, TimeSpan.FromSeconds(30));

    [Fact]
    public void Failed_FourTimes_NoWait() =>
        Assert.Null(Fail(LoginFailures.None, 4).WaitAt(Start));

    [Fact]
    public void Failed_FiveTimes_WaitsTheLockoutPeriod_ThenMayTryAgain()
    {
        var failures = Fail(LoginFailures.None, 5);

        Assert.Equal(TimeSpan.FromSeconds(30), failures.WaitAt(Start));
        Assert.Null(failures.WaitAt(Start + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Failed_AgainAfterTheLockout_WaitsTwiceAsLong_UpToFifteenMinutes()
    {
        var failures = Fail(LoginFailures.None, 6);
        Assert.Equal(TimeSpan.FromSeconds(60), failures.WaitAt(Start));

        Assert.Equal(TimeSpan.FromMinutes(15), Fail(failures, 20).WaitAt(Start));
    }

    private static LoginFailures Fail(LoginFailures from, int times) =>
        Enumerable.Range(0, times).Aggregate(from, (f, _) => f.Failed(Start, Policy));
}
