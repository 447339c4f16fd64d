using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>A top-up is credited by the supplier, which may answer with a delivery confirmation instead of a code.</summary>
public sealed class TopUpSpecs
{
    private static readonly ProductSnapshot AirtimeProduct = new(
        "Airtime 10", ProductKind.SupplierCode, Usd, SupplierSku: "airtime-10", RequiresPin: true, Instructions: "The credit shows within minutes.", TopUp: true);

    private static readonly OrderLine AirtimeLine = new("airtime-10", 1, 1000, AirtimeProduct);

    private static readonly CodeItem Confirmed = new("10 USD credited to +254700000001", Instructions: "Dial *144# to check", Confirmation: true);

    [Fact]
    public void SupplierAnswered_ConfirmationForATopUp_DeliversItAsTheItemsText()
    {
        var turn = OrderSpec.GivenCommands(Create(AirtimeLine), Pay(1000)).When(Answer("supplier-order-1", Completed(Confirmed), 2));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Confirmed], At(2))], turn.Events);
        var email = Assert.IsType<SendDeliveryEmail>(Assert.Single(turn.Effects));
        Assert.Equal<DeliveryContent>(
            [new CodeDelivery(1, "airtime-10", "Airtime 10", null, "The credit shows within minutes.", [Confirmed])],
            email.Items);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
        Assert.Equal(
            [new DeliveredCode("10 USD credited to +254700000001", null, null, "Dial *144# to check", Confirmation: true)],
            OrderViews.View(turn.State).Codes);
    }

    [Fact]
    public void SupplierAnswered_ConfirmationForAGiftCard_IsTreatedAsFailed()
    {
        var turn = OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).When(Answer("supplier-order-1", Completed(Confirmed), 2));

        Assert.Equal(
            new SupplierFailed(1, "unusable codes from the supplier: a delivery confirmation came instead of a code, and the product is not a top-up", At(2)),
            turn.Events[0]);
        Assert.Equal(OrderStatus.Refunding, turn.State.Status);
        Assert.Empty(turn.State.DeliveredContent());
    }

    [Fact]
    public void SupplierNotified_ConfirmationForATopUp_Delivers()
    {
        var turn = OrderSpec.GivenCommands(Create(AirtimeLine), Pay(1000), Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2))
            .When(new SupplierNotified("body-1", "SUP-1", OrderId, SupplierNotificationStatus.Completed, [Confirmed], null, At(3)));

        Assert.Equal(new SupplierCodesDelivered(1, "SUP-1", [Confirmed], At(3)), turn.Events[1]);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_EmptyConfirmation_IsTreatedAsFailed()
    {
        var turn = OrderSpec.GivenCommands(Create(AirtimeLine), Pay(1000)).When(Answer("supplier-order-1", Completed(Confirmed with { Code = "  " }), 2));

        Assert.Equal(new SupplierFailed(1, "unusable codes from the supplier: a code is empty", At(2)), turn.Events[0]);
    }

    [Fact]
    public void SupplierAnswered_CodeForATopUpThatNeedsAPin_StillNeedsThePin()
    {
        var turn = OrderSpec.GivenCommands(Create(AirtimeLine), Pay(1000)).When(Answer("supplier-order-1", Completed(Code("VOUCHER-1")), 2));

        Assert.Equal(new SupplierFailed(1, "unusable codes from the supplier: a PIN is missing", At(2)), turn.Events[0]);
    }

    [Theory]
    [InlineData("XXXXX-1", null, "Redeem at store.steampowered.com", false)]
    [InlineData("", "credited", null, true)]
    [InlineData("  ", "credited", null, true)]
    [InlineData("CODE-1", "credited", null, false)]
    [InlineData("", null, null, false)]
    public void CodeItemFrom_SupplierItem_CodeFirstThenConfirmation(string code, string? confirmation, string? instructions, bool isConfirmation)
    {
        var item = CodeItem.From(new SupplierItem(code, "1234", "SN-1", 20m, instructions, confirmation));

        Assert.Equal(isConfirmation, item.Confirmation);
        Assert.Equal(isConfirmation ? confirmation : code, item.Code);
        Assert.Equal(isConfirmation ? null : "1234", item.Pin);
        Assert.Equal(instructions, item.Instructions);
    }
}
