using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// Delivered means the buyer got it: the delivery email was accepted by the mail server, or the codes were shown on
/// the order page. Until then a fulfilled order is delivering; an email given up sends it to review.
/// </summary>
public sealed class DeliveryConfirmationSpecs
{
    private const string SmtpDown = "MailSendException: the relay answered 0: Failure sending mail. (Connection refused)";
    private const string EmailFailure = "delivery email failed after 8 attempt(s): " + SmtpDown;

    private static readonly DateTimeOffset Deadline = At(1) + TimeSpan.FromMinutes(10);

    private static CodeDelivery SteamCodes => new(1, "steam-20", "Steam $20", "$20", "Redeem at store.steampowered.com", [Code("AAAA-1111")]);

    private static OrderSpec CodesReceived() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

    private static OrderSpec EmailGivenUp() => CodesReceived().After(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(6)));

    [Fact]
    public void SupplierAnswered_CodesReceived_Delivering()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

        var turn = spec.When(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(2))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal(
            new HistoryEntry(At(2), OrderStatus.Fulfilling, OrderStatus.Delivering, "line 1 (Steam $20): 1 code(s) received"),
            turn.State.History[^1]);
        Assert.Equal(
            new LineProgress(1, LineStatus.Delivered, Attempts: 1, Calls: 1, SupplierOrderId: "SUP-1", Codes: [Code("AAAA-1111")], DeliveredAt: At(2)),
            turn.State.Progress[0]);
        Assert.Equal<EmailRecord>([new EmailRecord("delivery-email-1", [1], DeliveryLogKind.Delivered, At(2))], turn.State.Emails);
        Assert.Equal<DeliveryContent>([SteamCodes], turn.State.DeliveredContent());
        Assert.Equal("delivering", OrderViews.View(turn.State).Status);
        Assert.Null(OrderViews.View(turn.State).DeliveredAt);
        Assert.True(Assert.Single(OrderViews.View(turn.State).Lines).Delivered);
    }

    [Fact]
    public void Wake_DeliveryDeadlineWhileDelivering_StillArmedAndAlerts()
    {
        var spec = CodesReceived();
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], spec.State.Wakes);

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
    }

    [Fact]
    public void DeliveryEmailSent_Delivering_Delivered()
    {
        var turn = CodesReceived().When(new DeliveryEmailSent("delivery-email-1", At(3)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-1", At(3)), new DeliveryConfirmed(DeliveryChannel.Email, At(3))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Empty(turn.State.Wakes);
        Assert.Equal(At(3), turn.State.Progress[0].ReachedAt);
        Assert.Equal(At(3), turn.State.DeliveredAt);
        Assert.Equal(At(3), OrderViews.View(turn.State).DeliveredAt);
        Assert.Equal(
            [
                new HistoryEntry(At(3), OrderStatus.Delivering, OrderStatus.Delivering, "email delivery-email-1 sent"),
                new HistoryEntry(At(3), OrderStatus.Delivering, OrderStatus.Delivered, "delivered: the email was accepted by the mail server"),
            ],
            turn.State.History.TakeLast(2));
    }

    [Fact]
    public void DeliveryEmailSent_FileEmailWhileACodeIsPending_StaysFulfilling()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500)).When(new DeliveryEmailSent("delivery-email-1", At(2)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-1", At(2))], turn.Events);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
        Assert.Equal(At(2), turn.State.Progress[0].ReachedAt);
        Assert.Empty(turn.Reminders);
    }

    [Fact]
    public void DeliveryEmailSent_LastOfTwoEmails_Delivered()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine, SteamLine), Pay(3500), new DeliveryEmailSent("delivery-email-1", At(2)), Answer("supplier-order-2", Completed(Code("AAAA-1111")), 3));
        Assert.Equal(OrderStatus.Delivering, spec.State.Status);

        var turn = spec.When(new DeliveryEmailSent("delivery-email-2", At(4)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-2", At(4)), new DeliveryConfirmed(DeliveryChannel.Email, At(4))], turn.Events);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
    }

    [Fact]
    public void DeliveryEmailSent_EarlierLineEmailedBeforeReachWasRecorded_CountsThatEmail()
    {
        var state = OrderSpec.GivenCommands(
            Create(EbookLine, SteamLine), Pay(3500), new DeliveryEmailSent("delivery-email-1", At(2)), Answer("supplier-order-2", Completed(Code("AAAA-1111")), 3)).State;
        var stored = state with { Progress = state.Progress.Update(p => p.LineNo == 1, p => p with { ReachedAt = null }) };

        var turn = OrderDecider.Handle(new DeliveryEmailSent("delivery-email-2", At(4)), stored, Policy);

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-2", At(4)), new DeliveryConfirmed(DeliveryChannel.Email, At(4))], turn.Events);
        Assert.Equal(At(4), turn.State.DeliveredAt);
    }

    [Fact]
    public void ResendDeliveryEmail_Delivering_ResendsWithoutChangingTheStatus()
    {
        var turn = CodesReceived().When(new ResendDeliveryEmail("support", At(3)));

        Assert.Equal<OrderEvent>([new DeliveryEmailResendRequested("resend-email-1", [1], "support", At(3))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new SendDeliveryEmail(OrderId, "resend-email-1", "ada@example.com", "Ada", DeliveryKind.Code, [SteamCodes], IsResend: true)],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Empty(turn.Reminders);
    }

    [Fact]
    public void DeliveryEmailSent_ResendWhileTheFirstIsStillTrying_Delivered()
    {
        var turn = CodesReceived().After(new ResendDeliveryEmail("support", At(3))).When(new DeliveryEmailSent("resend-email-1", At(4)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("resend-email-1", At(4)), new DeliveryConfirmed(DeliveryChannel.Email, At(4))], turn.Events);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
    }

    [Fact]
    public void ResendDeliveryEmail_Delivered_StaysDeliveredWhenSent()
    {
        var spec = CodesReceived().After(new DeliveryEmailSent("delivery-email-1", At(3)), new ResendDeliveryEmail("support", At(4)));
        Assert.Equal(OrderStatus.Delivered, spec.State.Status);

        var turn = spec.When(new DeliveryEmailSent("resend-email-1", At(5)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("resend-email-1", At(5))], turn.Events);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Equal(At(3), turn.State.DeliveredAt);
    }

    [Fact]
    public void DeliveryEmailFailed_Delivering_ReviewAndOrderUndeliveredAlert()
    {
        var spec = CodesReceived();

        var turn = spec.When(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(6)));

        Assert.Equal<OrderEvent>(
            [
                new EmailDeliveryFailed("delivery-email-1", 8, SmtpDown, null, At(6)),
                new ReviewRequired(null, EmailFailure, AlertKind.OrderUndelivered, At(6)),
            ],
            turn.Events);
        Assert.Equal<OrderEffect>(
            [new RaiseAlert(OrderId, Alert(AlertKind.OrderUndelivered, 6), AlertKind.OrderUndelivered, "order order-1: " + EmailFailure)],
            turn.Effects);
        Assert.Empty(turn.Reminders);   // the deadline stays: a review does not deliver the order
        Assert.Equal<ScheduledWake>([new ScheduledWake(OrderWakes.DeliveryDeadline, Deadline)], turn.State.Wakes);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal(EmailFailure, turn.State.ReviewReason);
        Assert.True(turn.State.NeedsReview);
        Assert.Equal(new EmailFailure(8, SmtpDown, At(6)), turn.State.Email("delivery-email-1")!.Failure);
        Assert.Equal(LineStatus.Delivered, turn.State.Progress[0].Status);
        Assert.Equal(
            [
                new HistoryEntry(At(6), OrderStatus.Delivering, OrderStatus.Delivering, "email delivery-email-1 failed after 8 attempt(s): " + SmtpDown),
                new HistoryEntry(At(6), OrderStatus.Delivering, OrderStatus.ManualReview, "manual review: " + EmailFailure),
            ],
            turn.State.History.TakeLast(2));
    }

    [Fact]
    public void DeliveryEmailFailed_Again_IsNoOp() =>
        EmailGivenUp().ThenNoOp(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(7)));

    [Fact]
    public void DeliveryEmailFailed_AfterItWasSent_IsNoOp() =>
        CodesReceived().After(new DeliveryEmailSent("delivery-email-1", At(3)))
            .ThenNoOp(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(7)));

    [Fact]
    public void DeliveryEmailFailed_StepNeverPlanned_IsInvalid()
    {
        var error = CodesReceived().ThenInvalid(new DeliveryEmailFailed("delivery-email-9", 8, SmtpDown, At(6)));

        Assert.Equal("no email was planned with step delivery-email-9", error.Reason);
    }

    [Fact]
    public void DeliveryEmailFailed_WhileAResendIsStillTrying_WaitsForTheResend()
    {
        var turn = CodesReceived().After(new ResendDeliveryEmail("support", At(3)))
            .When(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(6)));

        Assert.Equal<OrderEvent>([new EmailDeliveryFailed("delivery-email-1", 8, SmtpDown, AlertKind.DeliveryEmailFailed, At(6))], turn.Events);
        Assert.Equal(AlertKind.DeliveryEmailFailed, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void ResendDeliveryEmail_ReviewAfterEmailFailure_SendsAgainAndStaysInReview()
    {
        var turn = EmailGivenUp().When(new ResendDeliveryEmail("op", At(20)));

        Assert.Equal<OrderEvent>([new DeliveryEmailResendRequested("resend-email-1", [1], "op", At(20))], turn.Events);
        Assert.Equal<OrderEffect>(
            [new SendDeliveryEmail(OrderId, "resend-email-1", "ada@example.com", "Ada", DeliveryKind.Code, [SteamCodes], IsResend: true)],
            turn.Effects);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal(EmailFailure, turn.State.ReviewReason);
    }

    [Fact]
    public void DeliveryEmailSent_ResendAfterFailure_DeliveredAndOutOfReview()
    {
        var spec = EmailGivenUp().After(new ResendDeliveryEmail("op", At(20)));

        var turn = spec.When(new DeliveryEmailSent("resend-email-1", At(21)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("resend-email-1", At(21)), new DeliveryConfirmed(DeliveryChannel.Email, At(21))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Null(turn.State.ReviewReason);
        Assert.False(turn.State.NeedsReview);
        Assert.Equal(
            new HistoryEntry(At(21), OrderStatus.ManualReview, OrderStatus.Delivered, "delivered: the email was accepted by the mail server"),
            turn.State.History[^1]);
        Assert.Equal(
            new DeliveryLogEntry(At(21), DeliveryLogKind.Resent, DeliveryChannel.Email, "Steam $20 emailed to ada@example.com (resend-email-1)", [1], "resend-email-1"),
            turn.State.DeliveryLog[^1]);
    }

    [Fact]
    public void DeliveryEmailSent_GivenUpEmailRequeuedByAnOperator_Delivered()
    {
        var turn = EmailGivenUp().When(new DeliveryEmailSent("delivery-email-1", At(30)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-1", At(30)), new DeliveryConfirmed(DeliveryChannel.Email, At(30))], turn.Events);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void DeliveryEmailFailed_ResendFailsToo_ReviewAgainWithANewAlert()
    {
        var spec = EmailGivenUp().After(new ResendDeliveryEmail("op", At(20)));

        var turn = spec.When(new DeliveryEmailFailed("resend-email-1", 8, "MailSendException: 421 try later", At(25)));

        const string again = "delivery email failed after 8 attempt(s): MailSendException: 421 try later";
        Assert.Equal<OrderEvent>(
            [
                new EmailDeliveryFailed("resend-email-1", 8, "MailSendException: 421 try later", null, At(25)),
                new ReviewRequired(null, again, AlertKind.OrderUndelivered, At(25)),
            ],
            turn.Events);
        Assert.Equal(AlertKind.OrderUndelivered, Assert.IsType<RaiseAlert>(Assert.Single(turn.Effects)).Kind);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal(again, turn.State.ReviewReason);
    }

    [Fact]
    public void DeliveryEmailFailed_ResendOfADeliveredOrder_AlertsWithoutChangingTheStatus()
    {
        var spec = CodesReceived().After(new DeliveryEmailSent("delivery-email-1", At(3)), new ResendDeliveryEmail("support", At(30)));

        var turn = spec.When(new DeliveryEmailFailed("resend-email-1", 8, SmtpDown, At(35)));

        Assert.Equal<OrderEvent>([new EmailDeliveryFailed("resend-email-1", 8, SmtpDown, AlertKind.DeliveryEmailFailed, At(35))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new RaiseAlert(
                    OrderId, Alert(AlertKind.DeliveryEmailFailed, turn.State.Sequence), AlertKind.DeliveryEmailFailed,
                    $"order order-1: {EmailFailure} (resend-email-1)"),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void DeliveryEmailFailed_AfterRefund_IsRecordedWithoutAlert()
    {
        var spec = CodesReceived().After(new RefundOrder("buyer asked", "op", At(3)));

        var turn = spec.When(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(6)));

        Assert.Equal<OrderEvent>([new EmailDeliveryFailed("delivery-email-1", 8, SmtpDown, null, At(6))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
    }

    [Fact]
    public void DeliveryEmailFailed_FileEmailWhileACodeIsPending_AlertsNowAndReviewsWhenTheCodeArrives()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500));

        var failed = spec.When(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(5)));

        Assert.Equal<OrderEvent>([new EmailDeliveryFailed("delivery-email-1", 8, SmtpDown, AlertKind.DeliveryEmailFailed, At(5))], failed.Events);
        Assert.Equal(AlertKind.DeliveryEmailFailed, Assert.IsType<RaiseAlert>(Assert.Single(failed.Effects)).Kind);
        Assert.Equal(OrderStatus.Fulfilling, failed.State.Status);

        var codes = spec.After(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(5)))
            .When(Answer("supplier-order-2", Completed(Code("AAAA-1111")), 6));

        Assert.Equal<OrderEvent>(
            [
                new SupplierCodesDelivered(2, "SUP-1", [Code("AAAA-1111")], At(6)),
                new ReviewRequired(null, EmailFailure, AlertKind.OrderUndelivered, At(6)),
            ],
            codes.Events);
        Assert.Equal(
            [typeof(SendDeliveryEmail), typeof(RaiseAlert)],
            codes.Effects.Select(e => e.GetType()));
        Assert.Equal(OrderStatus.ManualReview, codes.State.Status);

        // The code's email getting through does not bring the file to the buyer: still in review.
        var codeEmail = spec.After(new DeliveryEmailFailed("delivery-email-1", 8, SmtpDown, At(5)), Answer("supplier-order-2", Completed(Code("AAAA-1111")), 6))
            .When(new DeliveryEmailSent("delivery-email-2", At(7)));
        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-2", At(7))], codeEmail.Events);
        Assert.Equal(OrderStatus.ManualReview, codeEmail.State.Status);
    }

    [Fact]
    public void RecordCodesShown_Delivering_Delivered()
    {
        var turn = CodesReceived().When(new RecordCodesShown(At(3)));

        Assert.Equal<OrderEvent>([new CodesShown([1], At(3)), new DeliveryConfirmed(DeliveryChannel.OrderPage, At(3))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Equal(At(3), turn.State.DeliveredAt);
        Assert.Equal(
            new DeliveryLogEntry(At(3), DeliveryLogKind.Delivered, DeliveryChannel.OrderPage, "Steam $20 shown to the buyer on the order page", [1]),
            turn.State.DeliveryLog[^1]);
        Assert.Equal(
            [
                new HistoryEntry(At(3), OrderStatus.Delivering, OrderStatus.Delivering, "line 1 (Steam $20): shown on the order page"),
                new HistoryEntry(At(3), OrderStatus.Delivering, OrderStatus.Delivered, "delivered: shown on the order page"),
            ],
            turn.State.History.TakeLast(2));
    }

    [Fact]
    public void RecordCodesShown_Again_IsNoOp() =>
        CodesReceived().After(new RecordCodesShown(At(3))).ThenNoOp(new RecordCodesShown(At(4)));

    [Fact]
    public void RecordCodesShown_AfterTheEmail_IsNoOp() =>
        CodesReceived().After(new DeliveryEmailSent("delivery-email-1", At(3))).ThenNoOp(new RecordCodesShown(At(4)));

    [Fact]
    public void RecordCodesShown_NoCodesYet_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).ThenNoOp(new RecordCodesShown(At(2)));

    [Fact]
    public void RecordCodesShown_FileOrder_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenNoOp(new RecordCodesShown(At(2)));

    [Fact]
    public void RecordCodesShown_Refunded_IsNoOp() =>
        CodesReceived().After(new RefundOrder("asked", "op", At(3))).ThenNoOp(new RecordCodesShown(At(4)));

    [Fact]
    public void RecordCodesShown_LicenseAndAFileWhoseEmailIsPending_StaysDelivering()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine, LicenseLine), Pay(4500), new MerchantWebhookAnswered("merchant-webhook-2", new MerchantWebhookResult.Ok("KEY-1"), At(2)));

        var turn = spec.When(new RecordCodesShown(At(3)));

        Assert.Equal<OrderEvent>([new CodesShown([2], At(3))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Null(turn.State.Progress[0].ReachedAt);
        Assert.Equal(At(3), turn.State.Progress[1].ReachedAt);
    }

    [Fact]
    public void RecordCodesShown_ReviewAfterEmailFailure_Delivered()
    {
        var turn = EmailGivenUp().When(new RecordCodesShown(At(10)));

        Assert.Equal<OrderEvent>([new CodesShown([1], At(10)), new DeliveryConfirmed(DeliveryChannel.OrderPage, At(10))], turn.Events);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.False(turn.State.NeedsReview);
    }

    [Fact]
    public void RefundOrder_Delivering_RefundsLikeADeliveredOrder()
    {
        var turn = CodesReceived().When(new RefundOrder("buyer asked", "op", At(3)));

        Assert.Equal<OrderEvent>(
            [new RefundStarted("buyer asked (by op)", [new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 2000, Usd, RefundPurpose.Order)], false, null, At(3))],
            turn.Events);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
    }

    [Fact]
    public void RetryFulfillment_ReviewAfterEmailFailure_IsRefused()
    {
        var turn = EmailGivenUp().When(new RetryFulfillment("op", At(10)));

        Assert.Equal<OrderEvent>(
            [new OperatorActionRefused("retry-fulfillment", $"no line is waiting for review ({EmailFailure})", "op", At(10))],
            turn.Events);
    }

    [Fact]
    public void DeliveryEmailSent_LateAfterAFailedRefund_StaysInReview()
    {
        var spec = CodesReceived().After(new RefundOrder("asked", "op", At(3)), new RefundFailed("refund-evt-1", "charge disputed", At(4)));
        Assert.Equal(OrderStatus.ManualReview, spec.State.Status);

        var turn = spec.When(new DeliveryEmailSent("delivery-email-1", At(5)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-1", At(5))], turn.Events);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("refund failed: charge disputed", turn.State.ReviewReason);
    }
}
