using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

public sealed class TimerCountingTimeProviderTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public void ArmedTimerCount_OneShotFiresOnAdvance_NoLongerArmed()
    {
        var time = new TimerCountingTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        Assert.Equal(1, time.ArmedTimerCount);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal((0, 1), (fired, time.ArmedTimerCount));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((1, 0), (fired, time.ArmedTimerCount));
    }

    [Fact]
    public void ArmedTimerCount_PeriodicStaysArmedUntilDisposed()
    {
        var time = new TimerCountingTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((3, 1), (fired, time.ArmedTimerCount));

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal((3, 0), (fired, time.ArmedTimerCount));
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        Assert.Equal(0, time.ArmedTimerCount);
    }

    [Fact]
    public void ArmedTimerCount_ChangedToInfiniteAndBack_FollowsTheChange()
    {
        var time = new TimerCountingTimeProvider();
        using var timer = time.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, time.ArmedTimerCount);

        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        Assert.Equal(1, time.ArmedTimerCount);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, time.ArmedTimerCount);
    }

    [Fact]
    public async Task WaitForTimersAsync_DelayStartedElsewhere_CompletesThenTheDelayEndsOnAdvance()
    {
        var time = new TimerCountingTimeProvider();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delayed = Task.Run(async () =>
        {
            await start.Task;
            await Task.Delay(TimeSpan.FromHours(1), time);
        });

        var waiting = time.WaitForTimersAsync(1, Bounded);
        Assert.False(waiting.IsCompleted);
        start.SetResult();
        await waiting;
        time.Advance(TimeSpan.FromHours(1));

        await delayed.WaitAsync(Bounded);
        Assert.Equal(0, time.ArmedTimerCount);
    }

    [Fact]
    public async Task WaitForTimersAsync_NoTimer_TimesOutSayingHowManyAreArmed()
    {
        var time = new TimerCountingTimeProvider();

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => time.WaitForTimersAsync(1, TimeSpan.FromMilliseconds(50)));

        Assert.Contains("0 are armed", failure.Message, StringComparison.Ordinal);
    }
}
