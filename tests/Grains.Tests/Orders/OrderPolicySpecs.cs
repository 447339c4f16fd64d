using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class OrderPolicySpecs
{
    [Fact]
    public void Default_HasTheDocumentedValues()
    {
        var policy = OrderPolicy.Default;

        Assert.Equal(TimeSpan.FromMinutes(2), policy.PollEvery);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.GiveUpPendingAfter);
        Assert.Equal(3, policy.MaxSupplierAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.RetryBackoffBase);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.RetryBackoffCap);
        Assert.Equal(0.2, policy.MaxJitter);
        Assert.Equal(TimeSpan.FromMinutes(1), policy.MaxPostponeDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.AlertUndeliveredAfter);
        Assert.Empty(policy.Validate());
    }

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.0, 120)]
    [InlineData(10, 0.0, 600)]
    [InlineData(1000, 0.0, 600)]
    [InlineData(1, 1.0, 36)]
    [InlineData(1, 0.5, 33)]
    [InlineData(1, 7.0, 36)]
    [InlineData(1, -3.0, 30)]
    [InlineData(1, double.NaN, 30)]
    public void RetryDelay_DoublesCapsAndJitters(int failedAttempts, double jitter, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), OrderPolicy.Default.RetryDelay(failedAttempts, jitter));

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.0, 60)]
    [InlineData(1000, 0.0, 60)]
    [InlineData(1, 0.5, 33)]
    [InlineData(5, 1.0, 72)]
    public void PostponeDelay_DoublesUpToMaxPostponeDelayAndJitters(int postponements, double jitter, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), OrderPolicy.Default.PostponeDelay(postponements, jitter));

    [Fact]
    public void PostponeDelay_CapBelowTheBase_WaitsTheCap() =>
        Assert.Equal(
            TimeSpan.FromSeconds(5),
            (OrderPolicy.Default with { MaxPostponeDelay = TimeSpan.FromSeconds(5) }).PostponeDelay(1, 0));

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var policy = new OrderPolicy
        {
            PollEvery = TimeSpan.Zero,
            GiveUpPendingAfter = TimeSpan.FromSeconds(-1),
            MaxSupplierAttempts = 0,
            RetryBackoffBase = TimeSpan.FromMinutes(5),
            RetryBackoffCap = TimeSpan.FromMinutes(1),
            MaxPostponeDelay = TimeSpan.Zero,
            MaxJitter = 2,
            AlertUndeliveredAfter = TimeSpan.Zero,
        };

        Assert.Equal(
            [
                "PollEvery must be positive",
                "GiveUpPendingAfter must be at least PollEvery",
                "MaxSupplierAttempts must be at least 1",
                "RetryBackoffBase must be positive and RetryBackoffCap at least RetryBackoffBase",
                "MaxPostponeDelay must be positive",
                "MaxJitter must be between 0 and 1",
                "AlertUndeliveredAfter must be positive",
            ],
            policy.Validate());
    }

    [Fact]
    public void Validate_NegativeAlertUndeliveredAfter_IsRefused() =>
        Assert.Equal(["AlertUndeliveredAfter must be positive"], new OrderPolicy { AlertUndeliveredAfter = TimeSpan.FromMinutes(-1) }.Validate());
}
