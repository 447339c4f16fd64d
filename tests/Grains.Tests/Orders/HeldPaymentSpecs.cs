using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// A payment that does not match the order (amount, currency) is held: the customer's money stays in review until it
/// is refunded, by an operator or automatically once another payment pays the order in full.
/// </summary>
public sealed class HeldPaymentSpecs
{
    private const string HeldRefundReason = "held payment returned: the order was paid in full by another payment";

    private static readonly RefundPlan HeldRefund = new("refund-evt-1", "stripe", "evt-1", "pi-1", 100, Usd, RefundPurpose.HeldPayment);

    [Fact]
    public void ConfirmPayment_FullPaymentAfterMismatch_DeliversAndRefundsTheHeldPayment()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(100));

        var turn = spec.When(Pay(1500, minutes: 5, eventId: "evt-2", reference: "pi-2"));

        Assert.Equal<OrderEvent>(
            [Paid(1500, 5, "evt-2", "pi-2"), new HeldPaymentRefundRequested(HeldRefund, At(5)), new FileLineDelivered(1, "order-1:ebook", At(5))],
            turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RefundPayment(OrderId, "refund-evt-1", "stripe", "evt-1", "pi-1", 100, Usd, HeldRefundReason),
                new RaiseAlert(
                    OrderId, "alert-held-payment-refund-4", AlertKind.HeldPaymentRefund,
                    "order order-1: held payment stripe evt-1 (100 USD) refunded: the order was paid in full by another payment"),
                new GrantEntitlement(OrderId, "grant-entitlement-1", "cust-1", "ada@example.com", "order-1:ebook", "ebook", "Ebook", 3),
                new SendDeliveryEmail(
                    OrderId, "delivery-email-1", "ada@example.com", "Ada", DeliveryKind.File,
                    [new FileDownload(1, "ebook", "Ebook", "order-1:ebook", 3)], IsResend: false),
            ],
            turn.Effects);
        Assert.Equal<HistoryEntry>(
            [
                new HistoryEntry(At(5), OrderStatus.ManualReview, OrderStatus.Paid, "payment stripe evt-2 confirmed (1500 USD)"),
                new HistoryEntry(At(5), OrderStatus.Paid, OrderStatus.Paid, "held payment stripe evt-1 (100 USD) refunding: the order is paid in full"),
                new HistoryEntry(At(5), OrderStatus.Paid, OrderStatus.Delivering, "line 1 (Ebook): download granted"),
            ],
            turn.State.History.Skip(2));
        Assert.Equal([new RefundRecord(HeldRefund, RefundStatus.Requested, At(5))], turn.State.Refunds);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
        Assert.Null(turn.State.ReviewNote);
        Assert.Empty(turn.State.HeldPayments);
    }

    [Theory]
    [InlineData("evt-3", "pi-2", 1500)]   // the full payment again, by another event
    [InlineData("evt-4", "pi-1", 100)]    // the held payment again, by another event
    [InlineData("evt-2", "pi-2", 1500)]   // the same event again
    public void ConfirmPayment_AfterTheHeldPaymentRefundIsPlanned_IsNoOp(string eventId, string reference, long amount) =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(100), Pay(1500, minutes: 5, eventId: "evt-2", reference: "pi-2"))
            .ThenNoOp(Pay(amount, minutes: 6, eventId: eventId, reference: reference));

    [Fact]
    public void ConfirmPayment_AnotherFullPaymentAfterHeldRefund_RefundsOnlyTheNewOne()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(100), Pay(1500, minutes: 5, eventId: "evt-2", reference: "pi-2"));

        var turn = spec.When(Pay(1500, minutes: 6, eventId: "evt-3", reference: "pi-3"));

        Assert.Equal<OrderEvent>([new DuplicatePaymentReceived("stripe", "evt-3", 1500, Usd, "pi-3", "refund-evt-3", At(6))], turn.Events);
        Assert.Equal(["refund-evt-1", "refund-evt-3"], turn.State.Refunds.Select(r => r.Step));
    }

    [Fact]
    public void ConfirmPayment_MismatchRepeatedByAnotherEvent_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).ThenNoOp(Pay(1500, minutes: 2, eventId: "evt-2"));

    [Fact]
    public void ConfirmPayment_SecondShortPayment_HoldsBothAndRefundsBothOnFullPayment()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(100));

        var second = spec.When(Pay(200, minutes: 2, eventId: "evt-2", reference: "pi-2"));
        spec.After(Pay(200, minutes: 2, eventId: "evt-2", reference: "pi-2"));
        var full = spec.When(Pay(1500, minutes: 3, eventId: "evt-3", reference: "pi-3"));

        Assert.Equal<OrderEvent>(
            [new PaymentMismatched("stripe", "evt-2", 200, Usd, "pi-2", "expected 1500 USD, received 200 USD", At(2))], second.Events);
        Assert.Equal(["evt-1", "evt-2"], second.State.HeldPayments.Select(p => p.EventId));
        Assert.True(second.State.NeedsReview);
        Assert.Equal<OrderEvent>(
            [
                Paid(1500, 3, "evt-3", "pi-3"),
                new HeldPaymentRefundRequested(HeldRefund, At(3)),
                new HeldPaymentRefundRequested(new RefundPlan("refund-evt-2", "stripe", "evt-2", "pi-2", 200, Usd, RefundPurpose.HeldPayment), At(3)),
                new FileLineDelivered(1, "order-1:ebook", At(3)),
            ],
            full.Events);
        Assert.Equal(2, full.Effects.OfType<RefundPayment>().Count());
        Assert.False(full.State.NeedsReview);
    }

    [Fact]
    public void RecordPaymentFailure_WhileAPaymentIsHeld_StaysInReviewForTheMismatch()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(100));

        var turn = spec.When(new RecordPaymentFailure("stripe", "evt-0", "card declined", At(2)));

        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.True(turn.State.NeedsReview);
        Assert.Equal("payment mismatch: expected 1500 USD, received 100 USD", turn.State.ReviewNote);
        Assert.Equal([new PaymentRecord("stripe", "evt-1", 100, Usd, "pi-1", At(1), PaymentDisposition.Mismatched)], turn.State.HeldPayments);
    }

    [Fact]
    public void RefundOrder_WhileAPaymentIsHeld_RefundsItAndLeavesReview()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(100)).When(new RefundOrder("wrong amount", "op", At(30)));

        Assert.Equal<OrderEvent>(
            [new RefundStarted("wrong amount (by op)", [HeldRefund with { Purpose = RefundPurpose.Order }], false, null, At(30))], turn.Events);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void RefundCompleted_HeldPaymentRefund_KeepsTheOrderDelivered()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(100), Pay(1500, minutes: 5, eventId: "evt-2", reference: "pi-2"), new DeliveryEmailSent(OrderSteps.DeliveryEmail(1), At(5)));

        var turn = spec.When(new RefundCompleted("refund-evt-1", "re_1", At(6)));

        Assert.Equal<OrderEvent>([new RefundSettled("refund-evt-1", "re_1", At(6))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void RefundFailed_HeldPaymentRefund_FlagsReviewAndAlertsThenRetryAsksAgain()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(100), Pay(1500, minutes: 5, eventId: "evt-2", reference: "pi-2"), new DeliveryEmailSent(OrderSteps.DeliveryEmail(1), At(5)));

        var failed = spec.When(new RefundFailed("refund-evt-1", "charge disputed", At(6)));
        spec.After(new RefundFailed("refund-evt-1", "charge disputed", At(6)));
        var retried = spec.When(new RetryRefund("evt-1", "op", At(7)));

        Assert.Equal(AlertKind.RefundFailed, Assert.IsType<RaiseAlert>(Assert.Single(failed.Effects)).Kind);
        Assert.Equal(OrderStatus.Delivered, failed.State.Status);
        Assert.True(failed.State.NeedsReview);
        Assert.Equal("refund failed", failed.State.ReviewNote);
        Assert.Equal<OrderEvent>([new RefundRetried(HeldRefund with { Step = "refund-evt-1-2" }, "op", At(7))], retried.Events);
        Assert.False(retried.State.NeedsReview);
    }

    [Fact]
    public void ConfirmPayment_FullPaymentAfterAReversedPaymentWasHeld_RefundsNothing()
    {
        // The provider already returned that money (a chargeback or a refund from its dashboard).
        var spec = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentReversed("stripe", "rev-1", "pi-1", At(1)), Pay(1500, minutes: 2));
        Assert.True(spec.State.Payments[0].Reversed);

        var turn = spec.When(Pay(1500, minutes: 3, eventId: "evt-2", reference: "pi-2"));

        Assert.Equal<OrderEvent>([Paid(1500, 3, "evt-2", "pi-2"), new FileLineDelivered(1, "order-1:ebook", At(3))], turn.Events);
        Assert.Empty(turn.State.Refunds);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void NeedsReview_HeldPaymentNeverReturnedOnAPaidOrder_StaysInReview()
    {
        // An order stored before held payments were returned on full payment: the money must still show.
        var spec = OrderSpec.Given(
            Created(EbookLine),
            new PaymentMismatched("stripe", "evt-1", 100, Usd, "pi-1", "expected 1500 USD, received 100 USD", At(1)),
            Paid(1500, 2, "evt-2", "pi-2"),
            new FileLineDelivered(1, "order-1:ebook", At(2)));

        Assert.Equal(OrderStatus.Delivering, spec.State.Status);
        Assert.True(spec.State.NeedsReview);
        Assert.Equal("payment stripe evt-1 (100 USD) held and not returned", spec.State.ReviewNote);
        Assert.True(spec.State.Summary().NeedsReview);
    }
}
