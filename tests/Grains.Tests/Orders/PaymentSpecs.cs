using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class PaymentSpecs
{
    [Fact]
    public void ConfirmPayment_FileOrder_GrantsDownloadAndEmailsWithoutCodes()
    {
        var turn = OrderSpec.Given(Created(EbookLine)).When(Pay(1500));

        Assert.Equal<OrderEvent>([Paid(1500), new FileLineDelivered(1, "order-1:ebook", At(1))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new GrantEntitlement(OrderId, "grant-entitlement-1", "cust-1", "ada@example.com", "order-1:ebook", "ebook", "Ebook", 3),
                new SendDeliveryEmail(
                    OrderId, "delivery-email-1", "ada@example.com", "Ada", DeliveryKind.File,
                    [new FileDownload(1, "ebook", "Ebook", "order-1:ebook", 3)], IsResend: false),
            ],
            turn.Effects);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.DeliveryDeadline, At(1) + Policy.AlertUndeliveredAfter)], turn.Reminders);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<HistoryEntry>(
            [
                new HistoryEntry(At(1), OrderStatus.PendingPayment, OrderStatus.Paid, "payment stripe evt-1 confirmed (1500 USD)"),
                new HistoryEntry(At(1), OrderStatus.Paid, OrderStatus.Delivering, "line 1 (Ebook): download granted"),
            ],
            turn.State.History.Skip(1));
        Assert.Equal<DeliveryLogEntry>(
            [new DeliveryLogEntry(At(1), DeliveryLogKind.Delivered, DeliveryChannel.Account, "download access to Ebook granted (limit 3)", [1])],
            turn.State.DeliveryLog);
    }

    [Fact]
    public void ConfirmPayment_SameEventAgain_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenNoOp(Pay(1500, minutes: 30));

    [Fact]
    public void ConfirmPayment_SameEventAgainWhileFulfilling_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).ThenNoOp(Pay(2000, minutes: 2));

    [Fact]
    public void ConfirmPayment_WrongAmount_HoldsForReviewAndAlerts()
    {
        var turn = OrderSpec.Given(Created(SteamLine)).When(Pay(1500));

        Assert.Equal<OrderEvent>(
            [new PaymentMismatched("stripe", "evt-1", 1500, Usd, "pi-1", "expected 2000 USD, received 1500 USD", At(1))],
            turn.Events);
        Assert.Equal<OrderEffect>(
            [new RaiseAlert(OrderId, "alert-payment-mismatch-2", AlertKind.PaymentMismatch, "order order-1: payment stripe evt-1 held: expected 2000 USD, received 1500 USD")],
            turn.Effects);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("payment mismatch: expected 2000 USD, received 1500 USD", turn.State.ReviewReason);
        Assert.True(turn.State.NeedsReview);
        Assert.All(turn.State.Progress, p => Assert.Equal(LineStatus.Waiting, p.Status));
    }

    [Fact]
    public void ConfirmPayment_WrongCurrency_HoldsForReview()
    {
        var turn = OrderSpec.Given(Created(SteamLine)).When(Pay(2000, currency: "EUR"));

        Assert.Equal<OrderEvent>(
            [new PaymentMismatched("stripe", "evt-1", 2000, "EUR", "pi-1", "expected 2000 USD, received 2000 EUR", At(1))],
            turn.Events);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
    }

    [Fact]
    public void ConfirmPayment_MismatchedEventAgain_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).ThenNoOp(Pay(1500, minutes: 3));

    [Fact]
    public void ConfirmPayment_CorrectPaymentAfterMismatch_ConfirmsAndFulfills()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).When(Pay(2000, minutes: 5, eventId: "evt-2", reference: "pi-2"));

        Assert.Equal<OrderEvent>(
            [
                Paid(2000, 5, "evt-2", "pi-2"),
                new HeldPaymentRefundRequested(new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 1500, Usd, RefundPurpose.HeldPayment), At(5)),
                new SupplierOrderPlaced(1, 1, "supplier-order-1", "steam-20-usd", 1, OrderId, false, At(5)),
            ],
            turn.Events);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void ConfirmPayment_SecondPaymentForPaidOrder_RefundsItAndAlertsWithoutSecondFulfillment()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

        var turn = spec.When(Pay(2000, minutes: 2, eventId: "evt-2", reference: "pi-2"));

        Assert.Equal<OrderEvent>([new DuplicatePaymentReceived("stripe", "evt-2", 2000, Usd, "pi-2", "refund-evt-2", At(2))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RefundPayment(OrderId, "refund-evt-2", "stripe", "evt-2", "pi-2", 2000, Usd, "duplicate payment"),
                new RaiseAlert(OrderId, "alert-duplicate-payment-4", AlertKind.DuplicatePayment, "order order-1: duplicate payment stripe evt-2; refunding it"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Equal(spec.State.Progress, turn.State.Progress);
        Assert.Equal(
            new PaymentRecord("stripe", "evt-2", 2000, Usd, "pi-2", At(2), PaymentDisposition.Duplicate),
            turn.State.Payments[^1]);
    }

    [Fact]
    public void RefundCompleted_DuplicatePaymentRefund_KeepsOrderStatus()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), Pay(1500, minutes: 2, eventId: "evt-2", reference: "pi-2"));

        var turn = spec.When(new RefundCompleted("refund-evt-2", "re_1", At(3)));

        Assert.Equal<OrderEvent>([new RefundSettled("refund-evt-2", "re_1", At(3))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal(RefundStatus.Completed, turn.State.Refund("refund-evt-2")!.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void RefundFailed_DuplicatePaymentRefund_FlagsReviewWithoutChangingStatus()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), Pay(1500, minutes: 2, eventId: "evt-2", reference: "pi-2"));

        var turn = spec.When(new RefundFailed("refund-evt-2", "insufficient balance", At(3)));

        Assert.Equal<OrderEvent>([new RefundDeclined("refund-evt-2", "insufficient balance", At(3))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new RaiseAlert(OrderId, "alert-refund-failed-5", AlertKind.RefundFailed, "order order-1: refund refund-evt-2 failed: insufficient balance")],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.True(turn.State.NeedsReview);
    }

    [Fact]
    public void RetryRefund_FailedDuplicateRefund_AsksAgainUnderANewStep()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(1500), Pay(1500, minutes: 2, eventId: "evt-2", reference: "pi-2"),
            new RefundFailed("refund-evt-2", "insufficient balance", At(3)));

        var turn = spec.When(new RetryRefund("evt-2", "op", At(4)));

        var plan = new RefundPlan("refund-evt-2-2", "stripe", "evt-2", "pi-2", 1500, Usd, RefundPurpose.DuplicatePayment);
        Assert.Equal<OrderEvent>([new RefundRetried(plan, "op", At(4))], turn.Events);
        Assert.Equal<OrderEffect>([new RefundPayment(OrderId, "refund-evt-2-2", "stripe", "evt-2", "pi-2", 1500, Usd, "retry by op")], turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void ConfirmPayment_AfterOrderRefunded_RefundsTheNewPayment()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(1500), new RefundOrder("customer asked", "op", At(2)), new RefundCompleted("refund-evt-1", "re_1", At(3)));
        Assert.Equal(OrderStatus.Refunded, spec.State.Status);

        var turn = spec.When(Pay(1500, minutes: 4, eventId: "evt-2", reference: "pi-2"));

        Assert.Equal<OrderEvent>([new DuplicatePaymentReceived("stripe", "evt-2", 1500, Usd, "pi-2", "refund-evt-2", At(4))], turn.Events);
        Assert.Equal(OrderStatus.Refunded, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentFailure_Pending_StaysPendingAndIsInHistory()
    {
        var turn = OrderSpec.Given(Created(SteamLine)).When(new RecordPaymentFailure("stripe", "evt-0", "card declined", At(1)));

        Assert.Equal<OrderEvent>([new PaymentFailed("stripe", "evt-0", "card declined", At(1))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(OrderStatus.PendingPayment, turn.State.Status);
        Assert.Equal(
            new HistoryEntry(At(1), OrderStatus.PendingPayment, OrderStatus.PendingPayment, "payment stripe evt-0 failed: card declined"),
            turn.State.History[^1]);
    }

    [Fact]
    public void RecordPaymentFailure_SameEventAgain_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), new RecordPaymentFailure("stripe", "evt-0", "card declined", At(1)))
            .ThenNoOp(new RecordPaymentFailure("stripe", "evt-0", "card declined", At(2)));

    [Fact]
    public void ConfirmPayment_AfterFailure_Confirms()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentFailure("stripe", "evt-0", "card declined", At(1)))
            .When(Pay(1500, minutes: 2));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentFailure_LateAfterSuccess_IsRecordedOnly()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500));

        var turn = spec.When(new RecordPaymentFailure("stripe", "evt-0", "card declined", At(2)));

        Assert.Equal<OrderEvent>([new PaymentFailed("stripe", "evt-0", "card declined", At(2))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void ConfirmPayment_SameEventIdFromAnotherProvider_IsNotADuplicate()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentFailure("paypal", "evt-1", "declined", At(1)))
            .When(Pay(1500, minutes: 2));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentNotice_Any_LooksUpAndNeverConfirms()
    {
        var spec = OrderSpec.Given(Created(SteamLine));

        var first = spec.When(new RecordPaymentNotice("pesapal", "track-9", At(1)));

        Assert.Equal<OrderEvent>([new PaymentNoticeReceived("pesapal", "track-9", "payment-lookup-track-9-1", At(1))], first.Events);
        Assert.Equal<OrderEffect>([new LookupPaymentStatus(OrderId, "payment-lookup-track-9-1", "pesapal", "track-9")], first.Effects);
        Assert.Equal(OrderStatus.PendingPayment, first.State.Status);
        Assert.Null(first.State.AcceptedPayment);
    }

    [Fact]
    public void RecordPaymentNotice_Again_LooksUpAgainUnderANewStep()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), new RecordPaymentNotice("pesapal", "track-9", At(1)))
            .When(new RecordPaymentNotice("pesapal", "track-9", At(2)));

        Assert.Equal<OrderEffect>([new LookupPaymentStatus(OrderId, "payment-lookup-track-9-2", "pesapal", "track-9")], turn.Effects);
    }

    [Fact]
    public void RecordPaymentNotice_AfterDelivery_StillLooksUp()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new RecordPaymentNotice("pesapal", "track-9", At(9)));

        Assert.Equal<OrderEffect>([new LookupPaymentStatus(OrderId, "payment-lookup-track-9-1", "pesapal", "track-9")], turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void ConfirmPayment_FromPesapalLookup_Confirms()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentNotice("pesapal", "track-9", At(1)))
            .When(new ConfirmPayment("pesapal", "track-9", 1500, Usd, "confirmation-77", At(2)));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentReversed_AfterFileDelivery_RevokesDownloadsAndAlerts()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new RecordPaymentReversed("stripe", "rev-1", null, At(10)));

        Assert.Equal<OrderEvent>([new PaymentReversed("stripe", "rev-1", "pi-1", OrderReversed: true, RevokesEntitlements: true, At(10))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RevokeEntitlement(OrderId, "revoke-entitlements", "cust-1"),
                new RaiseAlert(OrderId, "alert-payment-reversed-4", AlertKind.PaymentReversed, "order order-1: payment reversed by stripe (rev-1)"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Reversed, turn.State.Status);
        Assert.True(turn.State.EntitlementsRevoked);
        Assert.Empty(turn.State.DeliveredContent());
        Assert.True(turn.State.Payments[0].Reversed);
    }

    [Fact]
    public void RecordPaymentReversed_ByReference_AfterCodeDelivery_StopsWithoutRevoke()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2))
            .When(new RecordPaymentReversed("stripe", "rev-1", "pi-1", At(10)));

        Assert.Equal<OrderEvent>([new PaymentReversed("stripe", "rev-1", "pi-1", OrderReversed: true, RevokesEntitlements: false, At(10))], turn.Events);
        Assert.Equal(AlertKind.PaymentReversed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.Reversed, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentReversed_SameEventAgain_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RecordPaymentReversed("stripe", "rev-1", null, At(10)))
            .ThenNoOp(new RecordPaymentReversed("stripe", "rev-1", null, At(11)));

    [Fact]
    public void RecordPaymentReversed_WhileAwaitingSupplier_StopsFulfillmentAndCancelsPolling()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000), Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2));
        Assert.Equal(OrderStatus.AwaitingSupplier, spec.State.Status);

        var turn = spec.When(new RecordPaymentReversed("stripe", "rev-1", null, At(3)));

        Assert.Equal(OrderStatus.Reversed, turn.State.Status);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline), new CancelWake(OrderWakes.SupplierPoll)], turn.Reminders);
        Assert.Equal(LineStatus.Cancelled, turn.State.Progress[0].Status);
    }

    [Fact]
    public void SupplierAnswered_AfterReversal_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000), new RecordPaymentReversed("stripe", "rev-1", null, At(2)))
            .ThenNoOp(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 3));

    [Fact]
    public void RecordPaymentReversed_BeforeConfirmation_HoldsTheLaterConfirmation()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), new RecordPaymentReversed("stripe", "rev-1", "pi-1", At(1)));
        Assert.Equal(OrderStatus.PendingPayment, spec.State.Status);

        var turn = spec.When(Pay(1500, minutes: 2));

        Assert.Equal<OrderEvent>(
            [new PaymentMismatched("stripe", "evt-1", 1500, Usd, "pi-1", "the payment was reversed before it was confirmed", At(2))],
            turn.Events);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.DoesNotContain(turn.Effects, e => e is GrantEntitlement);
    }

    [Fact]
    public void RecordPaymentReversed_AfterRefund_AlertsAndKeepsRefunded()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundCompleted("refund-evt-1", "re_1", At(3)));

        var turn = spec.When(new RecordPaymentReversed("stripe", "rev-1", null, At(4)));

        Assert.Equal<OrderEvent>([new PaymentReversed("stripe", "rev-1", "pi-1", OrderReversed: false, RevokesEntitlements: false, At(4))], turn.Events);
        Assert.Equal(AlertKind.PaymentReversed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.Refunded, turn.State.Status);
    }

    [Fact]
    public void RecordPaymentReversed_OfDuplicatePayment_KeepsOrderDelivered()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine), Pay(1500), new DeliveryEmailSent("delivery-email-1", At(1.5)), Pay(1500, minutes: 2, eventId: "evt-2", reference: "pi-2"));

        var turn = spec.When(new RecordPaymentReversed("stripe", "rev-2", "pi-2", At(3)));

        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.True(turn.State.Payments.Single(p => p.EventId == "evt-2").Reversed);
        Assert.False(turn.State.Payments.Single(p => p.EventId == "evt-1").Reversed);
    }
}
