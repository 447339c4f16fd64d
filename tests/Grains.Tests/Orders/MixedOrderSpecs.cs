using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>Orders mixing kinds: files are granted at once, lines needing outside calls run one after another.</summary>
public sealed class MixedOrderSpecs
{
    [Fact]
    public void ConfirmPayment_FileAndSupplierLines_GrantsFileAndPlacesSupplierOrder()
    {
        var turn = OrderSpec.Given(Created(EbookLine, SteamLine)).When(Pay(3500));

        Assert.Equal<OrderEvent>(
            [
                Paid(3500),
                new FileLineDelivered(1, "order-1:ebook", At(1)),
                new SupplierOrderPlaced(2, 1, "supplier-order-2", "steam-20-usd", 1, OrderId, false, At(1)),
            ],
            turn.Events);
        Assert.Equal(
            [typeof(GrantEntitlement), typeof(SendDeliveryEmail), typeof(PlaceSupplierOrder)],
            turn.Effects.Select(e => e.GetType()));
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_LastLineCompleted_DeliversTheOrder()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500))
            .When(Answer("supplier-order-2", Completed(Code("AAAA-1111")), 2));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(2, "SUP-1", [Code("AAAA-1111")], At(2))], turn.Events);
        Assert.Equal("delivery-email-2", Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects)).Step);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal(2, turn.State.DeliveredContent().Count);
    }

    [Fact]
    public void ConfirmPayment_FileAfterWebhookLine_GrantsFileFirst()
    {
        var turn = OrderSpec.Given(Created(LicenseLine, EbookLine)).When(Pay(4500));

        Assert.Equal<OrderEvent>(
            [Paid(4500), new FileLineDelivered(2, "order-1:ebook", At(1)), new MerchantWebhookCalled(1, 1, "merchant-webhook-1", At(1))],
            turn.Events);
    }

    [Fact]
    public void SupplierAnswered_FirstOfTwoSupplierLines_PlacesTheSecondUnderItsOwnReference()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine, PinCardLine), Pay(3000))
            .When(Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2));

        Assert.Equal<OrderEvent>(
            [
                new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(2)),
                new SupplierOrderPlaced(2, 1, "supplier-order-2", "phone-10", 1, "order-1/2", false, At(2)),
            ],
            turn.Events);
        Assert.Equal(OrderStatus.Fulfilling, turn.State.Status);
    }

    [Fact]
    public void SupplierNotified_ForTheSecondLineByReference_Delivers()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine, PinCardLine), Pay(3000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2))
            .When(new SupplierNotified("sup-evt-9", "SUP-2", "order-1/2", SupplierNotificationStatus.Completed, [Code("C-2", "9999")], null, At(3)));

        Assert.Equal(new SupplierCodesDelivered(2, "SUP-2", [Code("C-2", "9999")], At(3)), turn.Events[1]);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_FailedAfterFileGranted_RefundsEverythingAndRevokesDownloads()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500))
            .When(Answer("supplier-order-2", new SupplierResult.Failed("out of stock"), 2));

        Assert.Equal(
            new RefundStarted(
                "supplier failed: out of stock",
                [new RefundPlan("refund-evt-1", "stripe", "evt-1", "pi-1", 3500, Usd, RefundPurpose.Order)],
                RevokesEntitlements: true,
                AlertKind.SupplierFailed,
                At(2)),
            turn.Events[1]);
        Assert.Contains(new RevokeEntitlement(OrderId, "revoke-entitlements", "cust-1"), turn.Effects);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.True(turn.State.EntitlementsRevoked);
    }

    [Fact]
    public void SupplierAnswered_FailedAfterCodesDelivered_GoesToReviewInsteadOfRefunding()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine, PinCardLine), Pay(3000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2))
            .When(Answer("supplier-order-2", new SupplierResult.Failed("out of stock"), 3));

        Assert.Equal<OrderEvent>(
            [
                new SupplierFailed(2, "out of stock", At(3)),
                new ReviewRequired(2, "supplier failed after part of the order was delivered: out of stock", AlertKind.SupplierFailed, At(3)),
            ],
            turn.Events);
        Assert.DoesNotContain(turn.Effects, e => e is RefundPayment);
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal(LineStatus.Review, turn.State.Progress[1].Status);
    }

    [Fact]
    public void MarkDelivered_SecondLineAfterPartialFailure_DeliversTheOrder()
    {
        var turn = OrderSpec.GivenCommands(
                Create(SteamLine, PinCardLine), Pay(3000), Answer("supplier-order-1", Completed(Code("AAAA-1111")), 2),
                Answer("supplier-order-2", new SupplierResult.Failed("out of stock"), 3))
            .When(new MarkDelivered([Code("C-2", "1234")], "op", At(10)));

        Assert.Equal<OrderEvent>([new ManuallyDelivered(2, [Code("C-2", "1234")], "op", At(10))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }
}
