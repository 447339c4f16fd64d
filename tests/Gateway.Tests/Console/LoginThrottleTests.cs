using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Console;

namespace Orleans.Delivery.Gateway.Tests.Console;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle throttle;

    public LoginThrottleTests() => throttle = new LoginThrottle(time, Options.Create(new ConsoleOptions()));

    [Fact]
    public void Failed_FourTimes_NoWait()
    {
        Fail("client", 4);

        Assert.Null(throttle.WaitFor("client"));
    }

    [Fact]
    public void Failed_FiveTimes_WaitsTheLockoutPeriod_ThenMayTryAgain()
    {
        Fail("client", 5);

        Assert.Equal(TimeSpan.FromSeconds(30), throttle.WaitFor("client"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(throttle.WaitFor("client"));
    }

    [Fact]
    public void Failed_AgainAfterTheLockout_WaitsTwiceAsLong_UpToFifteenMinutes()
    {
        Fail("client", 6);
        Assert.Equal(TimeSpan.FromSeconds(60), throttle.WaitFor("client"));

        Fail("client", 20);
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.WaitFor("client"));
    }

    [Fact]
    public void Succeeded_ClearsTheCount()
    {
        Fail("client", 4);

        throttle.Succeeded("client");
        Fail("client", 4);

        Assert.Null(throttle.WaitFor("client"));
    }

    [Fact]
    public void Failed_OneClient_DoesNotSlowAnother()
    {
        Fail("attacker", 5);

        Assert.Null(throttle.WaitFor("operator"));
    }

    private void Fail(string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.Failed(client);
        }
    }
}
