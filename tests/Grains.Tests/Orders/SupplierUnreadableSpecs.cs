using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>The supplier answered, but not in a form we can read: it has most likely charged us, so nothing is bought
/// again until a lookup by reference says whether the order exists.</summary>
public sealed class SupplierUnreadableSpecs
{
    private static readonly SupplierResult.Unreadable Unreadable = new("a completed order without order_id", MayHaveBeenCreated: true);

    private static OrderSpec PaidSteamOrder() => OrderSpec.GivenCommands(Create(SteamLine), Pay(2000));

    private static OrderSpec AwaitingSupplier() => PaidSteamOrder().After(Answer("supplier-order-1", new SupplierResult.Pending("SUP-1"), 2));

    [Fact]
    public void SupplierAnswered_UnreadablePlacement_ReviewSaysUnreadableAndNothingIsRetried()
    {
        var turn = PaidSteamOrder().When(Answer("supplier-order-1", Unreadable, 2));

        Assert.Equal<OrderEvent>(
            [
                new SupplierAnswerUnreadable(1, 1, "a completed order without order_id", true, At(2)),
                new ReviewRequired(1, "unreadable answer: a completed order without order_id", AlertKind.SupplierUnreadableAnswer, At(2)),
            ],
            turn.Events);
        Assert.Equal<OrderEffect>(
            [new RaiseAlert(OrderId, "alert-supplier-unreadable-answer-5", AlertKind.SupplierUnreadableAnswer, "order order-1: unreadable answer: a completed order without order_id")],
            turn.Effects);
        Assert.DoesNotContain(turn.Reminders, r => r is WakeAt { Name: OrderWakes.SupplierRetry });
        Assert.Equal(OrderStatus.ManualReview, turn.State.Status);
        Assert.Equal("unreadable answer: a completed order without order_id", turn.State.ReviewReason);
        Assert.Equal(
            new LineProgress(1, LineStatus.Review, Attempts: 1, Calls: 1, MayHaveBeenCreated: true),
            turn.State.Progress[0]);
        Assert.Contains(turn.State.History, h => h.Cause == "line 1 (Steam $20): unreadable supplier answer on attempt 1: a completed order without order_id");
        Assert.DoesNotContain(turn.State.History, h => h.Cause.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void RetryFulfillment_AfterUnreadableAnswer_LooksUpByReferenceBeforeBuying()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", Unreadable, 2)).When(new RetryFulfillment("op", At(30)));

        Assert.Equal<OrderEvent>(
            [new FulfillmentRetried(1, "op", At(30)), new SupplierOrderPlaced(1, 1, "supplier-order-1-retry-2", "steam-20-usd", 1, OrderId, true, At(30))],
            turn.Events);
        Assert.Equal<OrderEffect>([new PlaceSupplierOrder(OrderId, "supplier-order-1-retry-2", 1, "steam-20-usd", 1, OrderId, LookupFirst: true, AmountMinor: 2000, Currency: Usd)], turn.Effects);
    }

    [Fact]
    public void SupplierAnswered_FoundByReferenceAfterRetry_Delivers()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", Unreadable, 2), new RetryFulfillment("op", At(30)))
            .When(Answer("supplier-order-1-retry-2", Completed(Code("AAAA-1111")), 31));

        Assert.Equal<OrderEvent>([new SupplierCodesDelivered(1, "SUP-1", [Code("AAAA-1111")], At(31))], turn.Events);
        Assert.Equal(OrderStatus.Delivering, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_UnreadableLookupAfterRetry_BackToReview()
    {
        var turn = PaidSteamOrder().After(Answer("supplier-order-1", Unreadable, 2), new RetryFulfillment("op", At(30)))
            .When(Answer("supplier-order-1-retry-2", new SupplierResult.Unreadable("lookup by reference: not JSON", true), 31));

        Assert.Equal(
            new ReviewRequired(1, "unreadable answer: lookup by reference: not JSON", AlertKind.SupplierUnreadableAnswer, At(31)),
            turn.Events[1]);
        Assert.True(turn.State.Progress[0].MayHaveBeenCreated);
    }

    [Fact]
    public void SupplierAnswered_UnreadablePoll_SnoozesWithoutSpendingAnAttempt()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", new SupplierResult.Unreadable("not JSON", false), 4.5));

        Assert.Equal<OrderEvent>([new SupplierPollUnanswered(1, "unreadable answer: not JSON", At(6.5), At(4.5))], turn.Events);
        Assert.Equal(1, turn.State.Progress[0].Attempts);
        Assert.Equal(OrderStatus.AwaitingSupplier, turn.State.Status);
    }

    [Fact]
    public void SupplierAnswered_UnreadablePollPastDeadline_ReviewSaysUnreadable()
    {
        var turn = AwaitingSupplier().After(new Wake(OrderWakes.SupplierPoll, At(4)))
            .When(Answer("supplier-poll-1-1", new SupplierResult.Unreadable("not JSON", false), 12));

        Assert.Equal<OrderEvent>([new ReviewRequired(1, "unreadable answer: not JSON", AlertKind.SupplierUnreadableAnswer, At(12))], turn.Events);
    }

    [Fact]
    public void SupplierAnswered_UnreadableTwiceForSameStep_SecondIsNoOp() =>
        PaidSteamOrder().After(Answer("supplier-order-1", Unreadable, 2)).ThenNoOp(Answer("supplier-order-1", Unreadable, 2.1));
}
