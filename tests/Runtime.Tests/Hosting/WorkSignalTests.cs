namespace Orleans.Delivery.Runtime.Tests.Hosting;

public sealed class WorkSignalTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task WaitAsync_PulsedWhileTheLoopWasLookingForWork_ReturnsWithoutWaitingForThePoll()
    {
        var signal = new WorkSignal();
        var woken = signal.Next;

        signal.Pulse();   // arrives after the loop took Next, before it starts to wait

        await WorkSignal.WaitAsync(woken, Day, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Next_TakenAfterAPulse_WaitsForTheFollowingOne()
    {
        var signal = new WorkSignal();
        signal.Pulse();

        var woken = signal.Next;

        Assert.False(woken.IsCompleted);
        signal.Pulse();
        Assert.True(woken.IsCompleted);
    }
}
