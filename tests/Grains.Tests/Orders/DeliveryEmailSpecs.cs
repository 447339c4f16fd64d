using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class DeliveryEmailSpecs
{
    private static OrderSpec DeliveredSteamOrder() => OrderSpec.GivenCommands(
        Create(SteamLine), Pay(2000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2), new DeliveryEmailSent("delivery-email-1", At(2.5)));

    [Fact]
    public void DeliveryEmailSent_PlannedEmail_IsLoggedAndDeliversTheOrder()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new DeliveryEmailSent("delivery-email-1", At(2)));

        Assert.Equal<OrderEvent>([new EmailDeliveryLogged("delivery-email-1", At(2)), new DeliveryConfirmed(DeliveryChannel.Email, At(2))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal<ReminderChange>([new CancelWake(OrderWakes.DeliveryDeadline)], turn.Reminders);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
        Assert.Equal(
            new HistoryEntry(At(2), OrderStatus.Delivering, OrderStatus.Delivered, "delivered: the email was accepted by the mail server"),
            turn.State.History[^1]);
        Assert.Equal(
            new DeliveryLogEntry(At(2), DeliveryLogKind.Delivered, DeliveryChannel.Email, "Ebook emailed to ada@example.com (delivery-email-1)", [1], "delivery-email-1"),
            turn.State.DeliveryLog[^1]);
        Assert.Equal(At(2), turn.State.Email("delivery-email-1")!.SentAt);
    }

    [Fact]
    public void DeliveryEmailSent_Twice_SecondIsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new DeliveryEmailSent("delivery-email-1", At(2)))
            .ThenNoOp(new DeliveryEmailSent("delivery-email-1", At(3)));

    [Fact]
    public void DeliveryEmailSent_StepNeverPlanned_IsInvalid()
    {
        var error = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenInvalid(new DeliveryEmailSent("delivery-email-7", At(2)));

        Assert.Equal("no email was planned with step delivery-email-7", error.Reason);
    }

    [Fact]
    public void ResendDeliveryEmail_Delivered_SendsTheCodesAgainUnderAResendStep()
    {
        var turn = DeliveredSteamOrder().When(new ResendDeliveryEmail("support@shop", At(30)));

        Assert.Equal<OrderEvent>([new DeliveryEmailResendRequested("resend-email-1", [1], "support@shop", At(30))], turn.Events);
        Assert.Equal<OrderEffect>(
            [
                new SendDeliveryEmail(
                    OrderId, "resend-email-1", "ada@example.com", "Ada", DeliveryKind.Code,
                    [new CodeDelivery(1, "steam-20", "Steam $20", "$20", "Redeem at store.steampowered.com", [Code("AAAA-1111")])],
                    IsResend: true),
            ],
            turn.Effects);
        Assert.Equal(OrderStatus.Delivered, turn.State.Status);
    }

    [Fact]
    public void ResendDeliveryEmail_Again_UsesTheNextStep()
    {
        var turn = DeliveredSteamOrder().After(new ResendDeliveryEmail("support@shop", At(30))).When(new ResendDeliveryEmail("ada@example.com", At(40)));

        Assert.Equal("resend-email-2", Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects)).Step);
    }

    [Fact]
    public void DeliveryEmailSent_ForAResend_IsLoggedAsResent()
    {
        var turn = DeliveredSteamOrder().After(new ResendDeliveryEmail("support@shop", At(30))).When(new DeliveryEmailSent("resend-email-1", At(31)));

        Assert.Equal(
            new DeliveryLogEntry(At(31), DeliveryLogKind.Resent, DeliveryChannel.Email, "Steam $20 emailed to ada@example.com (resend-email-1)", [1], "resend-email-1"),
            turn.State.DeliveryLog[^1]);
    }

    [Fact]
    public void ResendDeliveryEmail_FileOrder_CarriesNoCodes()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).When(new ResendDeliveryEmail("support", At(30)));

        var email = Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects));
        Assert.Equal(DeliveryKind.File, email.Kind);
        Assert.Equal<DeliveryContent>([new FileDownload(1, "ebook", "Ebook", "order-1:ebook", 3)], email.Items);
    }

    [Fact]
    public void ResendDeliveryEmail_MixedOrder_SendsEveryDeliveredLine()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500), Answer("supplier-order-2", Completed(Code("AAAA-1111")), 2))
            .When(new ResendDeliveryEmail("support", At(30)));

        var email = Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects));
        Assert.Equal(DeliveryKind.Mixed, email.Kind);
        Assert.Equal([1, 2], email.Items.Select(i => i.LineNo));
    }

    [Fact]
    public void ResendDeliveryEmail_WhileFulfillingWithFileGranted_ResendsTheFileOnly()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500)).When(new ResendDeliveryEmail("support", At(3)));

        Assert.Equal<OrderEvent>([new DeliveryEmailResendRequested("resend-email-1", [1], "support", At(3))], turn.Events);
    }

    [Fact]
    public void ResendDeliveryEmail_NothingDelivered_IsRefused()
    {
        var spec = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

        var turn = spec.When(new ResendDeliveryEmail("support", At(3)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("resend-email", "nothing has been delivered yet", "support", At(3))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal(spec.State.Status, turn.State.Status);
        Assert.Equal("resend-email by support refused: nothing has been delivered yet", turn.State.History[^1].Cause);
    }

    [Fact]
    public void ResendDeliveryEmail_Refunded_IsRefused()
    {
        var turn = DeliveredSteamOrder().After(new RefundOrder("asked", "op", At(10))).When(new ResendDeliveryEmail("support", At(11)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("resend-email", "the order is being refunded", "support", At(11))], turn.Events);
    }

    [Fact]
    public void ResendDeliveryEmail_Reversed_IsRefused()
    {
        var turn = DeliveredSteamOrder().After(new RecordPaymentReversed("stripe", "rev-1", null, At(10))).When(new ResendDeliveryEmail("support", At(11)));

        Assert.Equal<OrderEvent>([new OperatorActionRefused("resend-email", "the order is reversed", "support", At(11))], turn.Events);
    }
}
