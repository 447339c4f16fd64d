using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class CreateOrderSpecs
{
    [Fact]
    public void CreateOrder_New_AwaitsPayment()
    {
        var turn = OrderSpec.Given().When(Create(SteamLine));

        Assert.Equal<OrderEvent>([Created(SteamLine)], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Empty(turn.Reminders);
        Assert.Equal(OrderStatus.PendingPayment, turn.State.Status);
        Assert.Equal(2000, turn.State.AmountMinor);
        Assert.Equal<LineProgress>([new LineProgress(1, LineStatus.Waiting)], turn.State.Progress);
        Assert.Equal<HistoryEntry>(
            [new HistoryEntry(T0, OrderStatus.None, OrderStatus.PendingPayment, "order created: 1 line(s), 2000 USD")],
            turn.State.History);
    }

    [Fact]
    public void CreateOrder_SameDataAgain_IsNoOp() =>
        OrderSpec.Given(Created(SteamLine)).ThenNoOp(Create(SteamLine) with { Now = At(5) });

    [Fact]
    public void CreateOrder_SameDataAfterPayment_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).ThenNoOp(Create(SteamLine));

    [Fact]
    public void CreateOrder_DifferentDataForExistingId_IsRefusedAndRecorded()
    {
        var spec = OrderSpec.Given(Created(SteamLine));

        var turn = spec.When(Create(EbookLine) with { Now = At(2) });

        Assert.Equal<OrderEvent>([new OrderCreationRefused(OrderId, "an order with this id already exists with different data", At(2))], turn.Events);
        Assert.Equal(spec.State.Lines, turn.State.Lines);
        Assert.Equal(OrderStatus.PendingPayment, turn.State.Status);
        Assert.Equal(
            new HistoryEntry(At(2), OrderStatus.PendingPayment, OrderStatus.PendingPayment, "create refused: an order with this id already exists with different data"),
            turn.State.History[^1]);
    }

    public static TheoryData<string, CreateOrder> InvalidCreates => new()
    {
        { "an order needs at least one line", Create() with { AmountMinor = 0 } },
        { "the amount 1999 USD is not the sum of the lines 2000 USD", Create(SteamLine) with { AmountMinor = 1999 } },
        { "the currency must be a 3-letter code", Create(SteamLine) with { Currency = "usd" } },
        { "line steam-20 is priced in USD, the order in EUR", Create(SteamLine) with { Currency = "EUR" } },
        { "each sku may appear on one line only", Create(SteamLine, SteamLine) },
        { "line steam-20 needs a quantity of 1 to 100 and a price of at least 0", Create(SteamLine with { Quantity = 0 }) },
        { "line steam-20 needs a quantity of 1 to 100 and a price of at least 0", Create(SteamLine with { Quantity = 101 }) },
        { "line steam-20 needs a quantity of 1 to 100 and a price of at least 0", Create(SteamLine with { UnitPriceMinor = -1 }) },
        { "line steam-20 needs a supplier sku", Create(SteamLine with { Product = SteamProduct with { SupplierSku = " " } }) },
        { "line app needs a merchant webhook url", Create(LicenseLine with { Product = LicenseProduct with { MerchantWebhookUrl = null } }) },
        { "the customer needs an id and an email", Create(SteamLine) with { Customer = Customer with { Email = "" } } },
        { "the order id must be non-empty and contain no '/'", Create(SteamLine) with { OrderId = "a/b" } },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public void CreateOrder_InvalidData_IsRefusedAndNothingExists(string reason, CreateOrder command)
    {
        var turn = OrderSpec.Given().When(command);

        Assert.Equal<OrderEvent>([new OrderCreationRefused(command.OrderId, reason, T0)], turn.Events);
        Assert.Equal(OrderState.Initial, turn.State);
    }

    public static TheoryData<OrderCommand> CommandsForOtherStates => new()
    {
        Pay(2000),
        new RecordPaymentFailure("stripe", "evt-1", "declined", T0),
        new RecordPaymentReversed("stripe", "evt-1", null, T0),
        new RecordPaymentNotice("pesapal", "track-1", T0),
        Answer("supplier-order-1", Completed(Code("X")), 1),
        new SupplierNotified("sup-evt-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Code("X")], null, T0),
        new MerchantWebhookAnswered("merchant-webhook-1", new MerchantWebhookResult.Ok("KEY"), T0),
        new Wake(OrderWakes.SupplierPoll, T0),
        new DeliveryEmailSent("delivery-email-1", T0),
        new ResendDeliveryEmail("support", T0),
        new RetryFulfillment("op", T0),
        new MarkDelivered([Code("X")], "op", T0),
        new RefundOrder("asked", "op", T0),
        new RetryRefund("evt-1", "op", T0),
        new RefundCompleted("refund-evt-1", "re-1", T0),
        new RefundFailed("refund-evt-1", "no", T0),
    };

    [Theory]
    [MemberData(nameof(CommandsForOtherStates))]
    public void AnyCommand_OrderNeverCreated_IsInvalid(OrderCommand command)
    {
        var error = OrderSpec.Given().ThenInvalid(command);

        Assert.Equal(command.GetType().Name, error.Command);
        Assert.Equal("None", error.State);
        Assert.Equal("the order does not exist", error.Reason);
    }
}
