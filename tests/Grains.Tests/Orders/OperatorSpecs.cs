using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class OperatorSpecs
{
    /// <summary>A supplier order that was unreachable on every attempt, the first of which may have reached the supplier.</summary>
    private static OrderSpec UnreachableReview() => OrderSpec.GivenCommands(
        Create(SteamLine),
        Pay(2000),
        Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", true), 2),
        new Wake(OrderWakes.SupplierRetry, At(3)),
        Answer("supplier-order-1-retry-2", new SupplierResult.Unreachable("timeout", false), 3),
        new Wake(OrderWakes.SupplierRetry, At(4)),
        Answer("supplier-order-1-retry-3", new SupplierResult.Unreachable("timeout", false), 4));

    [Fact]
    public void RetryFulfillment_Review_PlacesAgainLookingUpFirstWithFreshAttempts()
    {
        var spec = UnreachableReview();
        Assert.Equal(OrderStatus.ManualReview, spec.State.Status);

        var turn = spec.When(new RetryFulfillment("op", At(30)));

        Assert.Equal<OrderEvent>(
            [new FulfillmentRetried(1, "op", At(30)), new SupplierOrderPlaced(1, 1, "supplier-order-1-retry-4", "steam-20-usd", 1, OrderId, true, At(30))],
            turn.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1-retry-4", 1, "steam-20-usd", 1, OrderId, LookupFirst: true, AmountMinor: 2000, Currency: Usd)], turn.Effects);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void SupplierAnswered_UnreachableAfterOperatorRetry_RetriesAgain()
    {
        var turn = UnreachableReview().After(new RetryFulfillment("op", At(30)))
            .When(Answer("supplier-order-1-retry-4", new SupplierResult.Unreachable("timeout", false), 31));

        Assert.IsType<RetryScheduled>(turn.Events[1]);
        Assert.Equal(OrderStatus.Retrying, turn.State.Status);
    }

    [Fact]
    public void RetryFulfillment_AfterPendingTimeout_LooksUpTheExistingSupplierOrder()
    {
        var spec = OrderSpec.Given().WithPolicy(OrderPolicy.Default with { GiveUpPendingAfter = TimeSpan.FromMinutes(2) }).After(
            Create(SteamLine),
            Pay(2000),
            Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2),
            new Wake(OrderWakes.SupplierPoll, At(4)),
            Answer("supplier-poll-1-1", new SupplierResult.Pending("SUP-1"), 4));

        var turn = spec.When(new RetryFulfillment("op", At(30)));

        Assert.Equal(new SupplierOrderPlaced(1, 1, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, true, At(30)), turn.Events[1]);

        var pending = spec.After(new RetryFulfillment("op", At(30))).When(Answer("supplier-order-1-retry-2", new SupplierResult.Pending("SUP-1"), 30));
        Assert.Equal(new SupplierPending(1, "SUP-1", At(32), At(32), At(30)), Assert.Single(pending.Events));
    }

    [Fact]
    public void RetryFulfillment_NotInReview_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).When(new RetryFulfillment("op", At(3)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("retry-fulfillment", "only an order in manual review can be retried", "op", At(3))], turn.Events);
        Assert.Empty(turn.Effects);
    }

    [Fact]
    public void RetryFulfillment_PaymentMismatchReview_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).When(new RetryFulfillment("op", At(3)));

        Assert.Equal<OrderEvent>(
            [new OperatorActionRefused("retry-fulfillment", "no line is waiting for review (payment mismatch: expected 2000 USD, received 1500 USD)", "op", At(3))],
            turn.Events);
    }

    [Fact]
    public void MarkDelivered_ValidCodes_DeliversAndLogsAManualDelivery()
    {
        var turn = UnreachableReview().When(new MarkDelivered([Code(" MAN-0001 ")], "op", At(30)));

        Assert.Equal<OrderEvent>([new ManuallyDelivered(1, [Code("MAN-0001")], "op", At(30))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new SendDeliveryEmail(
                    OrderId, "delivery-email-1", "ada@example.com", "Ada", DeliveryKind.Code,
                    [new CodeDelivery(1, "steam-20", "Steam $20", "$20", "Redeem at store.steampowered.com", [Code("MAN-0001")])],
                    IsResend: false),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);
        Assert.Equal(
            new DeliveryLogEntry(At(30), DeliveryLogKind.Manual, DeliveryChannel.Operator, "Steam $20 delivered by hand by op", [1]),
            turn.State.DeliveryLog[^1]);
        Assert.True(turn.State.Progress[0].DeliveredManually);
    }

    [Fact]
    public void DeliveryEmailSent_ForAManualDelivery_IsLoggedAsManual()
    {
        var turn = UnreachableReview().After(new MarkDelivered([Code("MAN-0001")], "op", At(30))).When(new DeliveryEmailSent("delivery-email-1", At(31)));

        Assert.Equal(DeliveryLogKind.Manual, turn.State.DeliveryLog[^1].Kind);
        Assert.Equal(DeliveryChannel.Email, turn.State.DeliveryLog[^1].Channel);
    }

    public static TheoryData<string, CodeItem[]> BadManualCodes => new()
    {
        { "a code is empty", [Code("  ")] },
        { "expected 1 code(s), got 2", [Code("A"), Code("B")] },
        { "expected 1 code(s), got 0", [] },
    };

    [Theory]
    [MemberData(nameof(BadManualCodes))]
    public void MarkDelivered_UnusableCodes_IsRefused(string problem, CodeItem[] codes)
    {
        var spec = UnreachableReview();

        var turn = spec.When(new MarkDelivered(codes, "op", At(30)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("mark-delivered", problem, "op", At(30))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
    }

    [Fact]
    public void MarkDelivered_PinProductWithoutPin_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(PinCardLine), Pay(1000))
            .WithPolicy(OrderPolicy.Default with { MaxSupplierAttempts = 1 })
            .After(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2))
            .When(new MarkDelivered([Code("C-1")], "op", At(30)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("mark-delivered", "a PIN is missing", "op", At(30))], turn.Events);
    }

    [Fact]
    public void MarkDelivered_NotInReview_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).When(new MarkDelivered([Code("X-1")], "op", At(3)));

        Assert.Equal<OrderEvent>(
            [new OperatorActionRefused("mark-delivered", "only an order in manual review can be delivered by hand", "op", At(3))],
            turn.Events);
    }

    [Fact]
    public void RefundOrder_Review_RefundsWithoutAlertThenIsRefunded()
    {
        var spec = UnreachableReview();

        var turn = spec.When(new RefundOrder("supplier down all day", "op", At(30)));

        var plan = new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, RefundPurpose.Order);
        Assert.Equal<OrderEvent>([new RefundStarted("supplier down all day (by op)", [plan], false, null, At(30))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new RefundPayment(OrderId, "refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, "supplier down all day (by op)")],
            turn.Effects);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Equal(LineStatus.Cancelled, turn.State.Progress[0].Status);

        var done = spec.After(new RefundOrder("supplier down all day", "op", At(30))).When(new RefundCompleted("refund-evt-1", "re_1", At(31)));
        Assert.Equal(OrderStatus.Refunded, done.State.Status);
    }

    [Fact]
    public void RefundOrder_DeliveredFileOrder_RefundsAndRevokesDownloads()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new RefundOrder("wrong book", "op", At(30)));

        Assert.Equal<OrderEffect>(
            [
                new RefundPayment(OrderId, "refund-evt-1", "stripe", "evt-1", "pi-1", 1500, Usd, "wrong book (by op)"),
                new RevokeEntitlement(OrderId, "revoke-entitlements", "cust-1"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Equal(LineStatus.Delivered, turn.State.Progress[0].Status);
        Assert.Empty(turn.State.DeliveredContent());
    }

    [Fact]
    public void RefundOrder_MismatchReview_RefundsTheMismatchedPayment()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).When(new RefundOrder("wrong amount", "op", At(30)));

        var plan = new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 1500, Usd, RefundPurpose.Order);
        Assert.Equal<OrderEvent>([new RefundStarted("wrong amount (by op)", [plan], false, null, At(30))], turn.Events);
    }

    [Fact]
    public void RefundOrder_AfterMismatchAndCorrectPayment_RefundsTheAcceptedPaymentOnly()
    {
        // The held payment's own refund was requested when the correct payment arrived; it is not the order's.
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1000), Pay(1500, minutes: 2, eventId: "evt-2", reference: "pi-2"));
        Assert.Equal(OrderStatus.Delivering, spec.State.Status);

        var turn = spec.When(new RefundOrder("asked", "op", At(30)));

        var plan = new RefundPlan("refund-evt-2", "stripe", "evt-2", "pi-2", 1500, Usd, RefundPurpose.Order);
        Assert.Equal<OrderEvent>([new RefundStarted("asked (by op)", [plan], true, null, At(30))], turn.Events);
        spec.After(new RefundOrder("asked", "op", At(30)), new RefundCompleted("refund-evt-2", "re_2", At(31)));
        Assert.Equal(OrderStatus.Refunded, spec.State.Status);
        Assert.Equal(RefundStatus.Requested, spec.State.Refund("refund-evt-1")!.Status);
    }

    public static TheoryData<string, OrderCommand[]> RefundRefusals => new()
    {
        { "nothing has been paid", [Create(SteamLine)] },
        { "fulfillment is in progress; refund once it is delivered or in manual review", [Create(SteamLine), Pay(2000)] },
        { "a refund is already in progress", [Create(EbookLine), Pay(1500), new RefundOrder("a", "op", At(2))] },
        { "the order is already refunded", [Create(EbookLine), Pay(1500), new RefundOrder("a", "op", At(2)), new RefundCompleted("refund-evt-1", "re", At(3))] },
        { "the payment was reversed by the provider", [Create(EbookLine), Pay(1500), new RecordPaymentReversed("stripe", "rev", null, At(2))] },
    };

    [Theory]
    [MemberData(nameof(RefundRefusals))]
    public void RefundOrder_WrongStatus_IsRefused(string reason, OrderCommand[] history)
    {
        var spec = OrderSpec.GivenCommands(history);

        var turn = spec.When(new RefundOrder("asked", "op", At(40)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("refund-order", reason, "op", At(40))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(spec.State.Status, turn.State.Status);
    }

    [Fact]
    public void RefundFailed_OrderRefund_GoesToReviewAndAlerts()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)))
            .When(new RefundFailed("refund-evt-1", "charge disputed", At(3)));

        Assert.Equal<OrderEvent>([new RefundDeclined("refund-evt-1", "charge disputed", At(3))], turn.Events);
        Assert.Equal(AlertKind.RefundFailed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("refund failed: charge disputed", turn.State.ReviewReason);
    }

    [Fact]
    public void RetryRefund_FailedOrderRefund_RefundsAgainAndLeavesReview()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundFailed("refund-evt-1", "timeout", At(3)));

        var turn = spec.When(new RetryRefund("evt-1", "op", At(4)));

        Assert.Equal("refund-evt-1-2", Assert.IsType<RefundPayment>(Assert.Single(turn.Effects)).Step);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);

        var done = spec.After(new RetryRefund("evt-1", "op", At(4))).When(new RefundCompleted("refund-evt-1-2", "re_1", At(5)));
        Assert.Equal(OrderStatus.Refunded, done.State.Status);
        Assert.False(done.State.NeedsReview);
    }

    [Fact]
    public void RefundOrder_AfterFailedRefund_RequestsTheFailedOneAgain()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundFailed("refund-evt-1", "timeout", At(3)))
            .When(new RefundOrder("try again", "op", At(4)));

        Assert.Equal(
            [new RefundPlan("refund-evt-1-2", "stripe", "evt-1", "pi-1", 1500, Usd, RefundPurpose.Order)],
            Assert.IsType<RefundStarted>(Assert.Single(turn.Events)).Refunds);
        Assert.DoesNotContain(turn.Effects, e => e is RevokeEntitlement);   // already revoked with the first refund
    }

    [Fact]
    public void RetryRefund_UnknownPayment_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new RetryRefund("evt-9", "op", At(4)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("retry-refund", "no refund was requested for payment evt-9", "op", At(4))], turn.Events);
    }

    [Fact]
    public void RetryRefund_RefundNotFailed_IsRefused()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2))).When(new RetryRefund("evt-1", "op", At(4)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("retry-refund", "that refund has not failed", "op", At(4))], turn.Events);
    }

    [Fact]
    public void RefundCompleted_Twice_SecondIsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundCompleted("refund-evt-1", "re_1", At(3)))
            .ThenNoOp(new RefundCompleted("refund-evt-1", "re_1", At(4)));

    [Fact]
    public void RefundFailed_AfterCompleted_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundCompleted("refund-evt-1", "re_1", At(3)))
            .ThenNoOp(new RefundFailed("refund-evt-1", "late", At(4)));

    [Fact]
    public void RefundCompleted_StepNeverPlanned_IsInvalid() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenInvalid(new RefundCompleted("refund-evt-1", "re_1", At(3)));

    [Fact]
    public void RefundFailed_StepNeverPlanned_IsInvalid() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenInvalid(new RefundFailed("refund-evt-9", "no", At(3)));

    [Fact]
    public void RefundCompleted_AfterReversal_KeepsReversed()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RecordPaymentReversed("stripe", "rev", null, At(3)))
            .When(new RefundFailed("refund-evt-1", "already reversed", At(4)));

        Assert.Equal(OrderStatus.Reversed, turn.State.Status);
    }
}
