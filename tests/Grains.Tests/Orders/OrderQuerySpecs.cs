using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class OrderQuerySpecs
{
    [Fact]
    public void Summary_Fulfilling_ShowsStatusLinesAndHistoryWithoutCodes()
    {
        var state = OrderSpec.GivenCommands(Create(EbookLine, SteamLine), Pay(3500)).State;

        var summary = state.Summary();

        Assert.Equal(
            new OrderSummary(
                OrderId,
                OrderStatus.Fulfilling,
                3500,
                Usd,
                Customer,
                [
                    new OrderLineSummary(1, "ebook", "Ebook", ProductKind.File, 1, 1500, LineStatus.Delivered),
                    new OrderLineSummary(2, "steam-20", "Steam $20", ProductKind.SupplierCode, 1, 2000, LineStatus.InProgress),
                ],
                null,
                false,
                T0,
                state.History,
                state.DeliveryLog),
            summary);
        Assert.Equal(
            ["order created: 2 line(s), 3500 USD", "payment stripe evt-1 confirmed (3500 USD)", "line 1 (Ebook): download granted", "line 2 (Steam $20): supplier order placed, attempt 1"],
            summary.History.Select(h => h.Cause));
    }

    [Fact]
    public void Summary_InReview_ShowsReasonAndNeedsReview()
    {
        var summary = OrderSpec.GivenCommands(Create(SteamLine), Pay(1500)).State.Summary();

        Assert.Equal(OrderStatus.ManualReview, summary.Status);
        Assert.True(summary.NeedsReview);
        Assert.Equal("payment mismatch: expected 2000 USD, received 1500 USD", summary.ReviewReason);
    }

    [Fact]
    public void DeliveredContent_PendingPayment_IsEmpty() =>
        Assert.Empty(OrderSpec.GivenCommands(Create(SteamLine)).State.DeliveredContent());

    [Fact]
    public void Initial_DoesNotExist()
    {
        Assert.False(OrderState.Initial.Exists);
        Assert.Equal(OrderStatus.None, OrderState.Initial.Summary().Status);
    }
}
