using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// The payment provider's own order (a PayPal checkout order id), named by the storefront or a webhook: recorded once,
/// confirming nothing, and handed to the reconciliation sweep.
/// </summary>
public sealed class ProviderOrderSpecs
{
    private const string PayPalOrder = "5O190127TN364715T";

    [Fact]
    public void RecordProviderOrder_New_RecordedWithoutEffects()
    {
        var turn = OrderSpec.GivenCommands(Create(EbookLine)).When(new RecordProviderOrder("paypal", PayPalOrder, "storefront", At(1)));

        Assert.Equal<OrderEvent>([new ProviderOrderRecorded("paypal", PayPalOrder, "storefront", At(1))], turn.Events);
        Assert.Empty(turn.Effects);
        Assert.Equal([new ProviderOrderId("paypal", PayPalOrder)], turn.State.ProviderOrderIds);
        Assert.Equal(OrderStatus.PendingPayment, turn.State.Status);
    }

    [Fact]
    public void RecordProviderOrder_Again_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), new RecordProviderOrder("paypal", PayPalOrder, "storefront", At(1)))
            .ThenNoOp(new RecordProviderOrder("paypal", PayPalOrder, "webhook", At(2)));

    [Fact]
    public void RecordProviderOrder_SameIdOtherProvider_IsAnotherOrder() =>
        Assert.Single(OrderSpec.GivenCommands(Create(EbookLine), new RecordProviderOrder("paypal", PayPalOrder, "storefront", At(1)))
            .When(new RecordProviderOrder("pesapal", PayPalOrder, "storefront", At(2))).Events);

    [Fact]
    public void RecordProviderOrder_PastTheLimit_Refused()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine));
        spec.After([.. Enumerable.Range(0, OrderState.MaxProviderOrders).Select(i => new RecordProviderOrder("paypal", $"ORDER{i}", "storefront", At(1)))]);

        var turn = spec.When(new RecordProviderOrder("paypal", "ORDERX", "storefront", At(2)));

        Assert.IsType<OperatorActionRefused>(Assert.Single(turn.Events));
        Assert.Equal(OrderState.MaxProviderOrders, turn.State.ProviderOrderIds.Count);
    }

    [Fact]
    public void RecordProviderOrder_UnknownOrder_IsInvalid() =>
        OrderSpec.Given().ThenInvalid(new RecordProviderOrder("paypal", PayPalOrder, "storefront", At(1)));

    [Fact]
    public void ReconcilePayment_AfterProviderOrdersRecorded_AsksAboutThem()
    {
        var spec = OrderSpec.GivenCommands(
            Create(EbookLine),
            new RecordPaymentNotice("pesapal", "track-1", At(1)),
            new RecordProviderOrder("paypal", PayPalOrder, "webhook", At(2)));

        var turn = spec.When(new ReconcilePayment(At(20)));

        Assert.Equal(
            [new ReconcilePaymentStatus(OrderId, OrderSteps.Reconciliation(1), ["track-1"], [new ProviderOrderId("paypal", PayPalOrder)])],
            turn.Effects.OfType<ReconcilePaymentStatus>());
    }
}
