using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public void GetUtcNow_New_IsStartAndStandsStill()
    {
        var time = new ManualTimeProvider(Start);

        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
        Assert.Equal(ManualTimeProvider.DefaultStart, new ManualTimeProvider().GetUtcNow());
    }

    [Fact]
    public void Advance_Delta_MovesNowAndTimestamps()
    {
        var time = new ManualTimeProvider(Start);
        var before = time.GetTimestamp();

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(Start.AddMinutes(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(90), time.GetElapsedTime(before));
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var time = new ManualTimeProvider(Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void Advance_ShortOfDueTime_DoesNotFire()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(9.999));

        Assert.Equal(0, fired);
    }

    [Fact]
    public void Advance_PastDueTime_FiresOnceSeeingItsDueTime()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(1));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([Start.AddSeconds(10)], seen);
        Assert.Equal(Start.AddMinutes(2), time.GetUtcNow());
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresEveryPeriodInOrder()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<string>();
        using var periodic = time.CreateTimer(_ => seen.Add($"p@{(time.GetUtcNow() - Start).TotalSeconds}"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        using var once = time.CreateTimer(_ => seen.Add($"o@{(time.GetUtcNow() - Start).TotalSeconds}"), null, TimeSpan.FromSeconds(4), TimeSpan.Zero);

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(["p@1", "p@3", "o@4", "p@5"], seen);
    }

    [Fact]
    public void Change_Rearmed_FiresAtNewTimeOnly()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(seen);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Start.AddSeconds(20)], seen);
    }

    [Fact]
    public void Dispose_ArmedTimer_NeverFiresAndRefusesChange()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        timer.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public void CreateTimer_ZeroDueTime_FiresAtOnce()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;

        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(1, fired);
    }

    [Fact]
    public void Callback_DisposesItsOwnPeriodicTimer_StopsFiring()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            fired++;
            timer!.Dispose();
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, fired);
    }

    [Fact]
    public void Advance_CallbackThrows_OtherTimersStillFireAndErrorSurfaces()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var bad = time.CreateTimer(_ => throw new InvalidOperationException("boom"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var good = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        var error = Assert.Throws<AggregateException>(() => time.Advance(TimeSpan.FromSeconds(3)));

        Assert.Equal("boom", Assert.Single(error.InnerExceptions).Message);
        Assert.Equal(1, fired);
        Assert.Equal(Start.AddSeconds(3), time.GetUtcNow());
    }

    [Fact]
    public async Task TaskDelay_OnProvider_CompletesOnlyAfterAdvance()
    {
        var time = new ManualTimeProvider(Start);

        var delay = Task.Delay(TimeSpan.FromMinutes(5), time);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));

        await delay.WaitAsync(Bounded);
    }

    [Fact]
    public void CancellationTokenSource_OnProvider_CancelsAfterAdvance()
    {
        var time = new ManualTimeProvider(Start);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(cts.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task WaitForTimers_BackgroundLoopWaiting_CompletesThenAdvanceDrivesLoop()
    {
        var time = new ManualTimeProvider(Start);
        var ticks = 0;
        var loop = Task.Run(async () =>
        {
            while (Volatile.Read(ref ticks) < 3)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), time);
                Interlocked.Increment(ref ticks);
            }
        });

        for (var i = 0; i < 3; i++)
        {
            await time.WaitForTimersAsync(1, Bounded);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await loop.WaitAsync(Bounded);
        Assert.Equal(3, ticks);
    }

    [Fact]
    public async Task WaitForTimers_NoneArmed_TimesOut()
    {
        var time = new ManualTimeProvider(Start);

        await Assert.ThrowsAsync<TimeoutException>(() => time.WaitForTimersAsync(1, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task CreateTimer_ManyThreadsWhileAdvancing_EveryTimerFiresExactlyOnce()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new int[400];
        var timers = new ITimer[400];
        using var go = new ManualResetEventSlim();

        var creators = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            go.Wait(Bounded);
            for (var i = t * 100; i < (t + 1) * 100; i++)
            {
                var index = i;
                timers[i] = time.CreateTimer(_ => Interlocked.Increment(ref fired[index]), null, TimeSpan.FromSeconds(index % 7 + 1), Timeout.InfiniteTimeSpan);
            }
        })).ToArray();
        var advancer = Task.Run(() =>
        {
            go.Wait(Bounded);
            for (var i = 0; i < 50; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }
        });

        go.Set();
        await Task.WhenAll([.. creators, advancer]).WaitAsync(Bounded);
        time.Advance(TimeSpan.FromSeconds(8));

        Assert.All(fired, count => Assert.Equal(1, count));
        Assert.Equal(0, time.ActiveTimerCount);
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
