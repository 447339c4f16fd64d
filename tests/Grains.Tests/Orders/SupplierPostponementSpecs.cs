using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// A supplier call that never left (our circuit open, no connection) is a snooze, not a retry: it spends no attempt,
/// however long the outage lasts; only an answer, or a call that may have reached the supplier, spends one.
/// </summary>
public sealed class SupplierPostponementSpecs
{
    private static readonly SupplierResult.Postponed CircuitOpen = new("circuit open: the supplier failed repeatedly, so it was not called");
    private static readonly SupplierResult.Postponed Refused = new("no connection (ConnectionError): Connection refused (127.0.0.1:9)");

    private static OrderSpec PaidSteamOrder() => OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

    private static string Call(int call) => call == 1 ? "supplier-order-1" : $"supplier-order-1-retry-{call}";

    /// <summary>
    /// <paramref name="count"/> calls in a row, from call number <paramref name="firstCall"/>, answered
    /// <paramref name="result"/> at whole minutes from <paramref name="from"/>, each followed by its retry wake.
    /// </summary>
    private static OrderSpec Outage(OrderSpec spec, int firstCall, int count, double from, SupplierResult result)
    {
        for (var i = 0; i < count; i++)
        {
            spec = spec.After(Answer(Call(firstCall + i), result, from + i), new Wake(OrderWakes.SupplierRetry, At(from + i + 1)));
        }

        return spec;
    }

    [Fact]
    public void SupplierAnswered_CircuitOpen_GivesTheAttemptBackAndSchedulesTheRetry()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", CircuitOpen, 2, jitter: 0.5));

        var due = At(2) + TimeSpan.FromSeconds(33);   // 30 s base × (1 + 0.2 × 0.5)
        Assert.Equal<OrderEvent>(
            [
                new SupplierPostponed(1, 0, 1, CircuitOpen.Reason, At(2)),
                new RetryScheduled(1, OrderWakes.SupplierRetry, due, At(2)),
            ],
            turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierRetry, due)], turn.Reminders);
        Assert.Equal(OrderStatus.Retrying, turn.State.Status);
        Assert.Equal(
            new LineProgress(1, LineStatus.Retrying, Attempts: 0, Calls: 1, Postponements: 1),
            turn.State.Progress[0]);
        Assert.Equal(
            "line 1 (Steam $20): supplier call postponed, no attempt spent (0 so far, postponement 1): " + CircuitOpen.Reason,
            turn.State.History[^2].Cause);
    }

    [Fact]
    public void SupplierAnswered_ConnectionRefused_IsPostponedLikeAnOpenCircuit()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", Refused, 2));

        Assert.Equal<OrderEvent>(
            [
                new SupplierPostponed(1, 0, 1, Refused.Reason, At(2)),
                new RetryScheduled(1, OrderWakes.SupplierRetry, At(2.5), At(2)),
            ],
            turn.Events);
        Assert.Equal(0, turn.State.Progress[0].Attempts);
    }

    [Fact]
    public void Wake_SupplierRetryAfterPostponement_PlacesTheSameAttemptAgainUnderANewStep()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", CircuitOpen, 2))
            .When(new Wake(OrderWakes.SupplierRetry, At(2.5)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 1, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, false, At(2.5))], turn.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1-retry-2", 1, "steam-20-usd", 1, OrderId, LookupFirst: false, AmountMinor: 2000, Currency: Usd)], turn.Effects);
        Assert.Equal("line 1 (Steam $20): supplier order placed, attempt 1", turn.State.History[^1].Cause);
    }

    [Fact]
    public void SupplierAnswered_PostponedManyTimes_NeverReviewsAndTheWaitStopsGrowingAtTheCap()
    {
        var spec = Outage(PaidSteamOrder(), firstCall: 1, count: 40, from: 2, CircuitOpen);

        var turn = spec.When(Answer(Call(41), Refused, 42));

        Assert.Equal<OrderEvent>(
            [
                new SupplierPostponed(1, 0, 41, Refused.Reason, At(42)),
                new RetryScheduled(1, OrderWakes.SupplierRetry, At(43), At(42)),   // capped at MaxPostponeDelay, 1 minute
            ],
            turn.Events);
        Assert.Equal(0, turn.State.Progress[0].Attempts);
        Assert.Equal(41, turn.State.Progress[0].Calls);
        Assert.False(turn.State.NeedsReview);
        Assert.Null(turn.State.ReviewReason);
        Assert.DoesNotContain(spec.State.History, h => h.To == OrderStatus.ManualReview);
    }

    [Fact]
    public void SupplierAnswered_PostponedInARow_DoublesTheWaitUpToTheCap()
    {
        var first = PaidSteamOrder().When(Answer("supplier-order-1", CircuitOpen, 2));
        var second = PaidSteamOrder().After(Answer("supplier-order-1", CircuitOpen, 2), new Wake(OrderWakes.SupplierRetry, At(3)))
            .When(Answer("supplier-order-1-retry-2", CircuitOpen, 3));
        var third = Outage(PaidSteamOrder(), 1, 2, 2, CircuitOpen).When(Answer("supplier-order-1-retry-3", CircuitOpen, 4));

        Assert.Equal(At(2.5), Assert.IsType<RetryScheduled>(first.Events[1]).DueAt);
        Assert.Equal(At(4), Assert.IsType<RetryScheduled>(second.Events[1]).DueAt);
        Assert.Equal(At(5), Assert.IsType<RetryScheduled>(third.Events[1]).DueAt);
    }

    [Fact]
    public void SupplierAnswered_PostponedWithAShorterCap_WaitsThePolicysCap()
    {
        var turn = PaidSteamOrder().WithPolicy(OrderPolicy.Default with { MaxPostponeDelay = TimeSpan.FromSeconds(10) })
            .When(Answer("supplier-order-1", CircuitOpen, 2));

        Assert.Equal(At(2) + TimeSpan.FromSeconds(10), Assert.IsType<RetryScheduled>(turn.Events[1]).DueAt);
    }

    public static TheoryData<SupplierResult, bool> Answers => new()
    {
        { new SupplierResult.Unreachable("HTTP 503", true), true },
        { new SupplierResult.Unreachable("no answer within 10 s", true), true },
        { new SupplierResult.Unreachable("the supplier refused the API key (HTTP 401)", false), false },
        { new SupplierResult.Unreachable("HTTP 429", true), true },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void SupplierAnswered_AnAnswerAfterAnOutage_SpendsOneAttemptAndStartsTheBackoffOver(SupplierResult answer, bool lookupNext)
    {
        var spec = Outage(PaidSteamOrder(), 1, 5, 2, CircuitOpen);

        var turn = spec.When(Answer(Call(6), answer, 7));

        var reason = ((SupplierResult.Unreachable)answer).Reason;
        Assert.Equal<OrderEvent>(
            [
                new SupplierUnreachable(1, 1, reason, lookupNext, At(7)),
                new RetryScheduled(1, OrderWakes.SupplierRetry, At(7.5), At(7)),   // the first failure's 30 s, not the outage's minute
            ],
            turn.Events);
        Assert.Equal(new LineProgress(1, LineStatus.Retrying, Attempts: 1, Calls: 6, MayHaveBeenCreated: lookupNext), turn.State.Progress[0]);
    }

    [Fact]
    public void SupplierAnswered_OutagesBetweenAnswers_ReviewOnlyAfterThreeAnswers()
    {
        var spec = PaidSteamOrder();
        spec = Outage(spec, 1, 3, 2, CircuitOpen);
        spec = spec.After(Answer(Call(4), new SupplierResult.Unreachable("HTTP 503", true), 5), new Wake(OrderWakes.SupplierRetry, At(6)));
        spec = Outage(spec, 5, 3, 6, Refused);
        spec = spec.After(Answer(Call(8), new SupplierResult.Unreachable("HTTP 503", true), 9), new Wake(OrderWakes.SupplierRetry, At(10)));
        spec = Outage(spec, 9, 3, 10, CircuitOpen);
        Assert.Equal(3, spec.State.Progress[0].Attempts);   // the third, in flight, after nine postponements
        Assert.Equal(12, spec.State.Progress[0].Calls);
        Assert.Equal(OrderStatus.Fulfilling, spec.State.Status);

        var turn = spec.When(Answer(Call(12), new SupplierResult.Unreachable("HTTP 503", true), 13));

        Assert.Equal<OrderEvent>(
            [
                new SupplierUnreachable(1, 3, "HTTP 503", true, At(13)),
                new ReviewRequired(1, "supplier unreachable after 3 attempt(s): HTTP 503", AlertKind.SupplierUnreachable, At(13)),
            ],
            turn.Events);
    }

    [Fact]
    public void SupplierAnswered_PostponedAfterAnAttemptThatMayHaveBought_KeepsLookingUpFirst()
    {
        var lookupRefused = new SupplierResult.Postponed("lookup by reference: " + CircuitOpen.Reason);
        var spec = PaidSteamOrder().After(
            Answer("supplier-order-1", new SupplierResult.Unreachable("no answer within 10 s", true), 2),
            new Wake(OrderWakes.SupplierRetry, At(3)));

        var postponed = spec.When(Answer("supplier-order-1-retry-2", lookupRefused, 3.1));
        var retried = spec.After(Answer("supplier-order-1-retry-2", lookupRefused, 3.1)).When(new Wake(OrderWakes.SupplierRetry, At(4)));

        Assert.Equal(new SupplierPostponed(1, 1, 1, lookupRefused.Reason, At(3.1)), postponed.Events[0]);
        Assert.True(postponed.State.Progress[0].MayHaveBeenCreated);
        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 2, "supplier-order-1-retry-3", "steam-20-usd", 1, OrderId, true, At(4))], retried.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1-retry-3", 1, "steam-20-usd", 1, OrderId, LookupFirst: true, AmountMinor: 2000, Currency: Usd)], retried.Effects);
    }

    [Fact]
    public void Wake_SupplierRetryAfterPostponedFirstPlacements_PlacesWithoutLookup()
    {
        var spec = Outage(PaidSteamOrder(), 1, 2, 2, Refused).After(Answer(Call(3), Refused, 4));

        var turn = spec.When(new Wake(OrderWakes.SupplierRetry, At(5)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 1, "supplier-order-1-retry-4", "steam-20-usd", 1, OrderId, false, At(5))], turn.Events);
        Assert.False(turn.State.Progress[0].MayHaveBeenCreated);
    }

    [Fact]
    public void SupplierAnswered_PostponedThenCompleted_Delivers()
    {
        var turn = Outage(PaidSteamOrder(), 1, 4, 2, CircuitOpen).When(Answer(Call(5), Completed(Code("AAAA-1111")), 6));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(6))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_PostponedTwiceForTheSameStep_SecondIsNoOp() =>
        PaidSteamOrder().After(Answer("supplier-order-1", CircuitOpen, 2))
            .ThenNoOp(Answer("supplier-order-1", CircuitOpen, 2.1));

    [Fact]
    public void SupplierAnswered_PollPostponedPastThePendingDeadline_SnoozesWithoutReview()
    {
        var spec = PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2), new Wake(OrderWakes.SupplierPoll, At(12)));

        var turn = spec.When(Answer("supplier-poll-1-1", CircuitOpen, 12.5));

        Assert.Equal<OrderEvent>([new SupplierPollUnanswered(1, "postponed: " + CircuitOpen.Reason, At(14.5), At(12.5))], turn.Events);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierPoll, At(14.5))], turn.Reminders);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
        Assert.Equal(1, turn.State.Progress[0].Attempts);
    }

    [Fact]
    public void Wake_DeliveryDeadlineDuringALongOutage_AlertsTheOrderUndeliveredWithoutReview()
    {
        var spec = Outage(PaidSteamOrder(), 1, 9, 2, CircuitOpen);   // 12:02 to 12:11, the deadline
        var deadline = At(1) + Policy.AlertUndeliveredAfter;

        var turn = spec.When(new Wake(OrderWakes.DeliveryDeadline, deadline));

        Assert.Equal<OrderEvent>([new DeliveryOverdue(At(1), deadline)], turn.Events);
        var alert = Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects));
        Assert.Equal(AlertKind.OrderUndelivered, alert.Kind);
        Assert.Equal(1, turn.State.Progress[0].Attempts);   // the first, in flight, after nine postponements
        Assert.False(turn.State.NeedsReview);

        // The outage goes on; the order keeps trying, and the alert is not repeated.
        var later = Outage(spec.After(new Wake(OrderWakes.DeliveryDeadline, deadline)), 10, 20, 11, CircuitOpen).After(Answer(Call(30), CircuitOpen, 31));
        Assert.False(later.State.NeedsReview);
        Assert.Equal(0, later.State.Progress[0].Attempts);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.SupplierRetry, At(32))], later.State.Wakes);
    }
}
