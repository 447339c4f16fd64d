using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class DeliveryDeadlineSpecs
{
    private static readonly DateTimeOffset Deadline = At(1) + TimeSpan.FromMinutes(10);

    private static OrderSpec PaidSteamOrder() => OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

    private static OrderSpec AwaitingSupplier() =>
        PaidSteamOrder().After(new SupplierAnswered("supplier-order-1", new SupplierResult.Pending("SUP-1"), At(2)));

    [Fact]
    public void ConfirmPayment_SupplierProduct_SchedulesTheDeadlineAlertUndeliveredAfterThePayment()
    {
        var turn = OrderSpec.Given(Created(SteamLine)).When(Pay(2000));

        Assert.Equal(new PaymentConfirmed("stripe", "evt-1", 2000, Usd, "pi-1", Deadline, At(1)), turn.Events[0]);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.DeliveryDeadline, Deadline)], turn.Reminders);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], turn.State.Wakes);
    }

    [Fact]
    public void ConfirmPayment_ConfiguredDelay_DeadlineFollowsThePolicy()
    {
        var turn = OrderSpec.Given(Created(SteamLine))
            .WithPolicy(new OrderPolicy { AlertUndeliveredAfter = TimeSpan.FromSeconds(5) })
            .When(Pay(2000));

        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.DeliveryDeadline, At(1) + TimeSpan.FromSeconds(5))], turn.Reminders);
    }

    [Fact]
    public void ConfirmPayment_FileOrderGrantedAtOnce_KeepsTheDeadlineUntilTheEmailIsAccepted()
    {
        var turn = OrderSpec.Given(Created(EbookLine)).When(Pay(1500));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.DeliveryDeadline, Deadline)], turn.Reminders);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], turn.State.Wakes);
    }

    [Fact]
    public void ConfirmPayment_MixedOrderWithAPendingCode_KeepsTheDeadlineUntilEveryLineIsDelivered()
    {
        var turn = OrderSpec.Given(Created(EbookLine, SteamLine)).When(Pay(3500));

        Assert.Equal(LineStatus.Delivered, turn.State.Progress[0].Status);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Equal<ReminderChange>([new WakeAt(OrderWakes.DeliveryDeadline, Deadline)], turn.Reminders);
    }

    [Fact]
    public void Wake_DeliveryDeadlineWhileAwaitingSupplier_RecordsOverdueAndAlertsOnce()
    {
        var spec = AwaitingSupplier();

        var turn = spec.When(new Wake(OrderWakes.DeliveryDeadline, Deadline));

        Assert.Equal<OrderEvent>([new DeliveryOverdue(At(1), Deadline)], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RaiseAlert(
                    OrderId, Alert(AlertKind.OrderUndelivered, 5), AlertKind.OrderUndelivered,
                    "order order-1: not delivered 10 minutes after payment; status awaiting_supplier"),
            ],
            turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.SupplierPoll, At(4))], turn.State.Wakes);
        Assert.Equal(
            new HistoryEntry(Deadline, OrderStatus.AwaitingSupplier, OrderStatus.AwaitingSupplier, "not delivered 10 minutes after payment"),
            turn.State.History[^1]);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void Wake_DeliveryDeadlineFiredAgain_IsNoOp() =>
        AwaitingSupplier().After(new Wake(OrderWakes.DeliveryDeadline, Deadline))
            .ThenNoOp(new Wake(OrderWakes.DeliveryDeadline, Deadline + TimeSpan.FromSeconds(30)));

    [Fact]
    public void SupplierAnswered_CompletedBeforeTheDeadline_KeepsItArmedWhileDelivering()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Empty(turn.Reminders);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], turn.State.Wakes);
    }

    [Fact]
    public void DeliveryEmailSent_BeforeTheDeadline_CancelsIt()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2))
            .When(new DeliveryEmailSent("delivery-email-1", At(3)));

        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Empty(turn.State.Wakes);
    }

    [Fact]
    public void Wake_DeliveryDeadlineWhileDelivering_AlertsThatTheEmailIsNotAccepted()
    {
        var spec = PaidSteamOrder().After(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

        var turn = spec.When(new Wake(OrderWakes.DeliveryDeadline, Deadline));

        Assert.Equal<OrderEvent>([new DeliveryOverdue(At(1), Deadline)], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RaiseAlert(
                    OrderId, Alert(AlertKind.OrderUndelivered, 5), AlertKind.OrderUndelivered,
                    "order order-1: not delivered 10 minutes after payment; status delivering"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
    }

    [Fact]
    public void Wake_DeliveryDeadlineAfterDelivery_IsNoOp() =>
        PaidSteamOrder().After(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2), new DeliveryEmailSent("delivery-email-1", At(3)))
            .ThenNoOp(new Wake(OrderWakes.DeliveryDeadline, Deadline));

    [Fact]
    public void Wake_DeliveryDeadlineAfterManualDelivery_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000))
            .WithPolicy(new OrderPolicy { MaxSupplierAttempts = 1 })
            .After(
                Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2),
                new MarkDelivered([Code("HAND-1111")], "op", At(5)),
                new DeliveryEmailSent("delivery-email-1", At(6)))
            .ThenNoOp(new Wake(OrderWakes.DeliveryDeadline, Deadline));

    [Fact]
    public void Wake_DeliveryDeadlineAfterSupplierFailureRefund_IsNoOp()
    {
        var spec = AwaitingSupplier()
            .After(new Wake(OrderWakes.SupplierPoll, At(4)), Answer("supplier-poll-1-1", new SupplierResult.Failed("region locked"), 4));
        Assert.Equal(OrderStatus.Refunding, spec.State.Status);

        spec.ThenNoOp(new Wake(OrderWakes.DeliveryDeadline, Deadline));
    }

    [Fact]
    public void Wake_DeliveryDeadlineAfterReversal_IsNoOp()
    {
        var spec = AwaitingSupplier().After(new RecordPaymentReversed("stripe", "rev-1", null, At(3)));
        Assert.Equal(OrderStatus.Reversed, spec.State.Status);

        spec.ThenNoOp(new Wake(OrderWakes.DeliveryDeadline, Deadline));
    }

    [Fact]
    public void ReviewRequired_StopsFulfillmentWakesButKeepsTheDeadline()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).WithPolicy(new OrderPolicy { MaxSupplierAttempts = 1 });

        var turn = spec.When(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2));

        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Empty(turn.Reminders);
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], turn.State.Wakes);
    }

    [Fact]
    public void Wake_DeliveryDeadlineInManualReview_AlertsWithTheReviewReason()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000))
            .WithPolicy(new OrderPolicy { MaxSupplierAttempts = 1 })
            .After(Answer("supplier-order-1", new SupplierResult.Unreachable("timeout", false), 2));

        var turn = spec.When(new Wake(OrderWakes.DeliveryDeadline, Deadline));

        Assert.Equal<OrderEvent>([new DeliveryOverdue(At(1), Deadline)], turn.Events);
        var alert = Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects));
        Assert.Equal(AlertKind.OrderUndelivered, alert.Kind);
        Assert.Equal(
            "order order-1: not delivered 10 minutes after payment; status manual_review (supplier unreachable after 1 attempt(s): timeout)",
            alert.Message);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal(spec.State.ReviewReason, turn.State.ReviewReason);
    }

    [Fact]
    public void Wake_ShortDeadline_SaysSecondsInTheHistory()
    {
        var due = At(1) + TimeSpan.FromSeconds(5);
        var spec = OrderSpec.Given(Created(SteamLine))
            .WithPolicy(new OrderPolicy { AlertUndeliveredAfter = TimeSpan.FromSeconds(5) })
            .After(Pay(2000));

        var turn = spec.When(new Wake(OrderWakes.DeliveryDeadline, due));

        Assert.Equal<OrderEvent>([new DeliveryOverdue(At(1), due)], turn.Events);
        Assert.Equal("not delivered 5 seconds after payment", turn.State.History[^1].Cause);
    }

    [Fact]
    public void Wake_DeliveryDeadlineLate_CountsFromThePayment()
    {
        var late = Deadline + TimeSpan.FromMinutes(51);

        var turn = AwaitingSupplier().When(new Wake(OrderWakes.DeliveryDeadline, late));

        Assert.Equal("not delivered 61 minutes after payment", turn.State.History[^1].Cause);
    }
}
