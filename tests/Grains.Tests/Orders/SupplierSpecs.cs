using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class SupplierSpecs
{
    private static readonly SupplierResult.Pending Pending = new("SUP-1");

    private static OrderSpec PaidSteamOrder() => OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

    private static OrderSpec AwaitingSupplier() => PaidSteamOrder().After(Answer("supplier-order-1", Pending, 2));

    private static CodeDelivery SteamCodes(params CodeItem[] codes) =>
        new(1, "steam-20", "Steam $20", "$20", "Redeem at store.steampowered.com", codes);

    [Fact]
    public void ConfirmPayment_SupplierProduct_PlacesSupplierOrderUnderTheOrderId()
    {
        var turn = OrderSpec.Given(Created(SteamLine)).When(Pay(2000));

        Assert.Equal<OrderEvent>([Paid(2000), new SupplierOrderPlaced(1, 1, "supplier-order-1", "steam-20-usd", 1, OrderId, false, At(1))], turn.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1", 1, "steam-20-usd", 1, OrderId, LookupFirst: false, AmountMinor: 2000, Currency: Usd)], turn.Effects);
        Assert.Equal("order/order-1/supplier-order-1", turn.Effects[0].IdempotencyKey);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Equal(
            [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Fulfilling],
            turn.State.History.Skip(1).Select(h => h.From).Append(turn.State.History[^1].To));
    }

    [Fact]
    public void SupplierAnswered_Completed_DeliversCodesByEmailAndOrderPage()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(2))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new SendDeliveryEmail(OrderId, "delivery-email-1", "ada@example.com", "Ada", DeliveryKind.Code, [SteamCodes(Code("AAAA-1111"))], IsResend: false)],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<DeliveryContent>([SteamCodes(Code("AAAA-1111"))], turn.State.DeliveredContent());
        Assert.Equal<DeliveryLogEntry>(
            [new DeliveryLogEntry(At(2), DeliveryLogKind.Delivered, DeliveryChannel.OrderPage, "1 code(s) for Steam $20 received from supplier order SUP-1", [1])],
            turn.State.DeliveryLog);
        Assert.DoesNotContain(turn.State.History, h => h.Cause.Contains("AAAA", StringComparison.Ordinal));
        Assert.DoesNotContain(turn.State.DeliveryLog, l => l.Detail.Contains("AAAA", StringComparison.Ordinal));
    }

    [Fact]
    public void SupplierAnswered_CompletedWithPaddedCodes_StoresThemTrimmed()
    {
        var turn = OrderSpec.GivenCommands(Create(PinCardLine), Pay(1000)).When(Answer("supplier-order-1", Completed(Code("  C-1 \n", " 1234 ")), 2));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("C-1", "1234")], At(2))], turn.Events);
    }

    public static TheoryData<string, SupplierResult.Completed> UnusableCodes => new()
    {
        { "a code is empty", Completed(Code("   ")) },
        { "expected 1 code(s), got 0", Completed() },
        { "expected 1 code(s), got 2", Completed(Code("A-1"), Code("A-2")) },
    };

    [Theory]
    [MemberData(nameof(UnusableCodes))]
    public void SupplierAnswered_CompletedWithUnusableCodes_IsTreatedAsFailed(string problem, SupplierResult.Completed result)
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", result, 2));

        var reason = $"unusable codes from the supplier: {problem}";
        Assert.Equal<OrderEvent>(
            [
                new SupplierFailed(1, reason, At(2)),
                new RefundStarted(
                    $"supplier failed: {reason}",
                    [new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, RefundPurpose.Order)],
                    RevokesEntitlements: false,
                    AlertKind.SupplierFailed,
                    At(2)),
            ],
            turn.Events);
        Assert.DoesNotContain(turn.Effects, e => e is SendDeliveryEmail);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Empty(turn.State.DeliveredContent());
    }

    [Fact]
    public void SupplierAnswered_CompletedWithoutRequiredPin_IsTreatedAsFailed()
    {
        var turn = OrderSpec.GivenCommands(Create(PinCardLine), Pay(1000)).When(Answer("supplier-order-1", Completed(Code("C-1", " ")), 2));

        Assert.Equal(new SupplierFailed(1, "unusable codes from the supplier: a PIN is missing", At(2)), turn.Events[0]);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_Failed_RefundsFullAmountAndAlerts()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", new SupplierResult.Failed("out of stock"), 2));

        Assert.Equal<OrderEvent>(
            [
                new SupplierFailed(1, "out of stock", At(2)),
                new RefundStarted(
                    "supplier failed: out of stock",
                    [new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, RefundPurpose.Order)],
                    RevokesEntitlements: false,
                    AlertKind.SupplierFailed,
                    At(2)),
            ],
            turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RefundPayment(OrderId, "refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, "supplier failed: out of stock"),
                new RaiseAlert(OrderId, "alert-supplier-failed-5", AlertKind.SupplierFailed, "order order-1: supplier failed: out of stock; refunding"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Equal(LineStatus.Failed, turn.State.Progress[0].Status);
    }

    [Fact]
    public void RefundCompleted_AfterSupplierFailure_IsRefunded()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Failed("out of stock"), 2))
            .When(new RefundCompleted("refund-evt-1", "re_1", At(3)));

        Assert.Equal<OrderEvent>([new RefundSettled("refund-evt-1", "re_1", At(3))], turn.Events);
        Assert.Equal(OrderStatus.Refunded, turn.State.Status);
        Assert.Equal(
            new HistoryEntry(At(3), OrderStatus.Refunding, OrderStatus.Refunded, "refund refund-evt-1 completed (re_1)"),
            turn.State.History[^1]);
    }

    [Fact]
    public void SupplierAnswered_Pending_AwaitsAndSchedulesPoll()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", Pending, 2));

        Assert.Equal<OrderEvent>([new SupplierPending(1, "SUP-1", At(4), At(12), At(2))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierPoll, At(4))], turn.Reminders);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
    }

    [Fact]
    public void Wake_SupplierPoll_PollsWithoutSpendingAnAttempt()
    {
        var spec = AwaitingSupplier();

        var turn = spec.When(new Wake(OrderWakes.SupplierPoll, At(4)));

        Assert.Equal<OrderEvent>([new SupplierPolled(1, "supplier-poll-1-1", "SUP-1", At(4))], turn.Events);
        Assert.Equal<OrderEffect>([new PollSupplierOrder(OrderId, "supplier-poll-1-1", 1, "SUP-1", OrderId)], turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.SupplierPoll)], turn.Reminders);
        Assert.Equal(spec.State.Progress[0].Attempts, turn.State.Progress[0].Attempts);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
    }

    [Fact]
    public void Wake_SupplierPollTwice_SecondIsNoOp() =>
        AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4))).ThenNoOp(new Wake(OrderWakes.SupplierPoll, At(4.1)));

    [Fact]
    public void SupplierAnswered_PollStillPending_SchedulesNextPollKeepingDeadline()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", Pending, 4.5));

        Assert.Equal<OrderEvent>([new SupplierPending(1, "SUP-1", At(6.5), At(12), At(4.5))], turn.Events);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierPoll, At(6.5))], turn.Reminders);
    }

    [Fact]
    public void SupplierAnswered_PendingEveryTwoMinutesForTenMinutes_GoesToReview()
    {
        var spec = AwaitingSupplier();
        for (var poll = 1; poll <= 4; poll++)
        {
            var at = 2 + (2 * poll);
            spec.After(new Wake(OrderWakes.SupplierPoll, At(at)), Answer($"supplier-poll-1-{poll}", Pending, at));
            Assert.Equal(OrderStatus.AwaitingSupplier, spec.State.Status);
        }

        var turn = spec.After(new Wake(OrderWakes.SupplierPoll, At(12))).When(Answer("supplier-poll-1-5", Pending, 12));

        Assert.Equal<OrderEvent>([new ReviewRequired(1, "supplier still pending", AlertKind.SupplierPendingTimeout, At(12))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new RaiseAlert(OrderId, $"alert-supplier-pending-timeout-{turn.State.Sequence}", AlertKind.SupplierPendingTimeout, "order order-1: supplier still pending")],
            turn.Effects);
        Assert.Empty(turn.Reminders);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("supplier still pending", turn.State.ReviewReason);
        Assert.Equal(1, turn.State.Progress[0].Attempts);
    }

    [Fact]
    public void SupplierAnswered_PollUnreachable_SnoozesWithoutSpendingAnAttempt()
    {
        var spec = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)));

        var turn = spec.When(Answer("supplier-poll-1-1", new SupplierResult.Unreachable("timeout", false), 4.5));

        Assert.Equal<OrderEvent>([new SupplierPollUnanswered(1, "timeout", At(6.5), At(4.5))], turn.Events);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierPoll, At(6.5))], turn.Reminders);
        Assert.Equal(1, turn.State.Progress[0].Attempts);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_PollUnreachablePastDeadline_GoesToReview()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", new SupplierResult.Unreachable("timeout", false), 12));

        Assert.Equal<OrderEvent>([new ReviewRequired(1, "supplier still pending", AlertKind.SupplierPendingTimeout, At(12))], turn.Events);
    }

    [Fact]
    public void SupplierAnswered_PollCompleted_Delivers()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", Completed(Code("AAAA-1111")), 4.5));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(4.5))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_PollFailed_Refunds()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", new SupplierResult.Failed("cancelled by supplier"), 4.5));

        Assert.Equal(new SupplierFailed(1, "cancelled by supplier", At(4.5)), turn.Events[0]);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_Unreachable_SchedulesRetryWithBackoffAndJitter()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2, jitter: 0.5));

        var due = At(2) + TimeSpan.FromSeconds(33);   // 30 s base × (1 + 0.2 × 0.5)
        Assert.Equal<OrderEvent>(
            [new SupplierUnreachable(1, 1, "timeout", true, At(2)), new RetryScheduled(1, OrderWakes.SupplierRetry, due, At(2))],
            turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.SupplierRetry, due)], turn.Reminders);
        Assert.Equal(OrderStatus.Retrying, turn.State.Status);
    }

    [Fact]
    public void Wake_SupplierRetryAfterPossibleCreation_PlacesAgainLookingUpFirst()
    {
        var spec = PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2));

        var turn = spec.When(new Wake(OrderWakes.SupplierRetry, At(2.5)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 2, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, true, At(2.5))], turn.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1-retry-2", 1, "steam-20-usd", 1, OrderId, LookupFirst: true, AmountMinor: 2000, Currency: Usd)], turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.SupplierRetry)], turn.Reminders);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
    }

    [Fact]
    public void Wake_SupplierRetryAfterRefusedConnection_PlacesWithoutLookup()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Unreachable("connection refused", false), 2))
            .When(new Wake(OrderWakes.SupplierRetry, At(2.5)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 2, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, false, At(2.5))], turn.Events);
    }

    [Fact]
    public void Wake_SupplierRetryAfterAnyEarlierPossibleCreation_StillLooksUpFirst()
    {
        var turn = PaidSteamOrder().After(
                Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2),
                new Wake(OrderWakes.SupplierRetry, At(3)),
                Answer("supplier-order-1-retry-2", new SupplierResult.Unreachable("connection refused", false), 3.1))
            .When(new Wake(OrderWakes.SupplierRetry, At(4.5)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 3, "supplier-order-1-retry-3", "steam-20-usd", 1, OrderId, true, At(4.5))], turn.Events);
    }

    [Fact]
    public void SupplierAnswered_UnreachableTwice_DoublesTheDelay()
    {
        var turn = PaidSteamOrder().After(
                Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2),
                new Wake(OrderWakes.SupplierRetry, At(3)))
            .When(Answer("supplier-order-1-retry-2", new SupplierResult.Unreachable("timeout", false), 3));

        Assert.Equal(new RetryScheduled(1, OrderWakes.SupplierRetry, At(4), At(3)), turn.Events[1]);
    }

    [Fact]
    public void SupplierAnswered_UnreachableOnLastAttempt_GoesToReviewAndAlerts()
    {
        var turn = PaidSteamOrder().After(
                Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2),
                new Wake(OrderWakes.SupplierRetry, At(3)),
                Answer("supplier-order-1-retry-2", new SupplierResult.Unreachable("timeout", false), 3),
                new Wake(OrderWakes.SupplierRetry, At(4)))
            .When(Answer("supplier-order-1-retry-3", new SupplierResult.Unreachable("timeout", false), 4));

        Assert.Equal<OrderEvent>(
            [
                new SupplierUnreachable(1, 3, "timeout", false, At(4)),
                new ReviewRequired(1, "supplier unreachable after 3 attempt(s): timeout", AlertKind.SupplierUnreachable, At(4)),
            ],
            turn.Events);
        Assert.Equal(AlertKind.SupplierUnreachable, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Empty(turn.Reminders);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.True(turn.State.NeedsReview);
    }

    [Fact]
    public void SupplierAnswered_UnreachableWithSmallerPolicy_UsesThePolicy()
    {
        var turn = PaidSteamOrder().WithPolicy(OrderPolicy.Default with { MaxSupplierAttempts = 1 })
            .When(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2));

        Assert.IsType<ReviewRequired>(turn.Events[1]);
    }

    [Fact]
    public void SupplierAnswered_SameAnswerTwice_SecondIsNoOp() =>
        PaidSteamOrder().After(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2))
            .ThenNoOp(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2.1));

    [Fact]
    public void SupplierAnswered_UnreachableTwiceForSameStep_SpendsOneAttempt() =>
        PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2))
            .ThenNoOp(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2.1));

    [Fact]
    public void SupplierAnswered_ForAnEarlierAttempt_IsNoOp() =>
        PaidSteamOrder().After(
                Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2),
                new Wake(OrderWakes.SupplierRetry, At(3)))
            .ThenNoOp(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 3.1));

    [Fact]
    public void SupplierAnswered_StepNeverPlanned_IsInvalid()
    {
        var error = PaidSteamOrder().ThenInvalid(Answer("supplier-order-7", Completed(Code("X")), 2));

        Assert.Equal("no call was planned with step supplier-order-7", error.Reason);
    }

    [Fact]
    public void MerchantWebhookAnswered_ForASupplierStep_IsInvalid() =>
        PaidSteamOrder().ThenInvalid(new MerchantWebhookAnswered("supplier-order-1", new MerchantWebhookResult.Ok("KEY"), At(2)));

    [Fact]
    public void Wake_ScheduledButNoLineWaitsOnIt_IsInvalid()
    {
        var spec = OrderSpec.Given(
            Created(SteamLine),
            Paid(2000),
            new SupplierOrderPlaced(1, 1, "supplier-order-1", "steam-20-usd", 1, OrderId, false, At(1)),
            new SupplierUnreachable(1, 1, "timeout", false, At(2)),
            new RetryScheduled(1, OrderWakes.SupplierPoll, At(3), At(2)));

        var error = spec.ThenInvalid(new Wake(OrderWakes.SupplierPoll, At(3)));

        Assert.Equal("reminder supplier-poll is scheduled but no line waits on it", error.Reason);
    }

    [Fact]
    public void Wake_SupplierRetryGivenAsEvents_PlacesTheNextAttempt()
    {
        var turn = OrderSpec.Given(
                Created(SteamLine),
                Paid(2000),
                new SupplierOrderPlaced(1, 1, "supplier-order-1", "steam-20-usd", 1, OrderId, false, At(1)),
                new SupplierUnreachable(1, 1, "timeout", true, At(2)),
                new RetryScheduled(1, OrderWakes.SupplierRetry, At(3), At(2)))
            .When(new Wake(OrderWakes.SupplierRetry, At(3)));

        Assert.Equal<OrderEvent>([new SupplierOrderPlaced(1, 2, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, true, At(3))], turn.Events);
    }

    [Fact]
    public void Wake_NotScheduled_IsNoOp() =>
        PaidSteamOrder().ThenNoOp(new Wake(OrderWakes.SupplierPoll, At(2)));

    [Fact]
    public void Wake_UnknownName_IsNoOp() =>
        AwaitingSupplier().ThenNoOp(new Wake("something-else", At(4)));

    [Fact]
    public void Wake_AfterDelivery_IsNoOp() =>
        AwaitingSupplier().After(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)))
            .ThenNoOp(new Wake(OrderWakes.SupplierPoll, At(4)));

    [Fact]
    public void SupplierNotified_CompletedWhileAwaiting_DeliversAndCancelsPolling()
    {
        var turn = AwaitingSupplier().When(
            new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)));

        Assert.Equal<OrderEvent>(
            [
                new SupplierNotificationReceived("sup-evt-1", "SUP-1", SupplierNotificationStatus.Completed, 1, At(3)),
                new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(3)),
            ],
            turn.Events);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.SupplierPoll)], turn.Reminders);
        Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects));
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierNotified_SameEventAgain_IsNoOp() =>
        AwaitingSupplier()
            .After(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)))
            .ThenNoOp(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(4)));

    [Fact]
    public void SupplierNotified_CompletedAgainAfterDelivery_IsNoOp() =>
        AwaitingSupplier()
            .After(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)))
            .ThenNoOp(new SupplierNotified("sup-evt-2", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(4)));

    [Fact]
    public void SupplierNotified_StalePendingAfterCompleted_IsNoOp() =>
        AwaitingSupplier()
            .After(new SupplierNotified("sup-evt-2", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)))
            .ThenNoOp(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Pending, [], null, At(4)));

    [Fact]
    public void SupplierNotified_PendingWhileAwaiting_IsNoOp() =>
        AwaitingSupplier().ThenNoOp(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Pending, [], null, At(3)));

    [Fact]
    public void SupplierNotified_UnknownSupplierOrder_IsNoOp() =>
        AwaitingSupplier().ThenNoOp(new SupplierNotified("sup-evt-1", "SUP-999", "other-order", SupplierNotificationStatus.Completed, [Code("X")], null, At(3)));

    [Fact]
    public void SupplierNotified_CompletedBeforePlacementAnswered_DeliversAndTheLateAnswerIsNoOp()
    {
        var spec = PaidSteamOrder();

        var turn = spec.When(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(1.5)));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        spec.After(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(1.5)))
            .ThenNoOp(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));
    }

    [Fact]
    public void SupplierNotified_CompletedWhileRetrying_DeliversAndCancelsRetry()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2))
            .When(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(2.2)));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.SupplierRetry)], turn.Reminders);
    }

    [Fact]
    public void SupplierNotified_CompletedWithEmptyCode_IsTreatedAsFailed()
    {
        var turn = AwaitingSupplier().When(
            new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("")], null, At(3)));

        Assert.Equal(new SupplierFailed(1, "unusable codes from the supplier: a code is empty", At(3)), turn.Events[1]);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
    }

    [Fact]
    public void SupplierNotified_FailedWhileAwaiting_RefundsAndCancelsPolling()
    {
        var turn = AwaitingSupplier().When(
            new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Failed, [], "region locked", At(3)));

        Assert.Equal(new SupplierFailed(1, "region locked", At(3)), turn.Events[1]);
        Assert.IsType<RefundStarted>(turn.Events[2]);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline), new CancelWake(OrderWakes.SupplierPoll)], turn.Reminders);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
    }

    [Fact]
    public void SupplierNotified_CompletedAfterPendingTimeout_DeliversFromReview()
    {
        var spec = OrderSpec.Given().WithPolicy(OrderPolicy.Default with { GiveUpPendingAfter = TimeSpan.FromMinutes(2) }).After(
            Create(SteamLine), Pay(2000), Answer("supplier-order-1", Pending, 2), new Wake(OrderWakes.SupplierPoll, At(4)), Answer("supplier-poll-1-1", Pending, 4));
        Assert.Equal(OrderStatus.ManualReview, spec.State.Status);

        var turn = spec.When(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(20)));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void SupplierNotified_AfterRefund_IsNoOp() =>
        PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Failed("out of stock"), 2))
            .ThenNoOp(new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("AAAA-1111")], null, At(3)));
}
