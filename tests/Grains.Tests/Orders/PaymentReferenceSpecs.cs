using Orleans.Delivery.Grains.Orders;
using static Orleans.Delivery.Grains.Tests.Orders.OrderFixtures;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>
/// A payment is the provider's payment object (its reference), not the event that reports it: a provider sends several
/// events about one payment (Stripe's checkout.session.completed and payment_intent.succeeded, PayPal's order and
/// capture events), each with its own event id.
/// </summary>
public sealed class PaymentReferenceSpecs
{
    [Fact]
    public void ConfirmPayment_SameReferenceNewEventId_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500)).ThenNoOp(Pay(1500, minutes: 2, eventId: "evt-2"));

    [Fact]
    public void ConfirmPayment_SameReferenceNewEventIdWhileFulfilling_IsNoOp() =>
        OrderSpec.GivenCommands(Create(SteamLine), Pay(2000)).ThenNoOp(Pay(2000, minutes: 2, eventId: "evt-2"));

    [Fact]
    public void ConfirmPayment_FiftyEventsForOnePayment_ConfirmedOnceNothingRefunded()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine));
        var turns = Enumerable.Range(1, 50).Select(n =>
        {
            var turn = spec.When(Pay(1500, minutes: n, eventId: $"evt-{n}"));
            spec.After(Pay(1500, minutes: n, eventId: $"evt-{n}"));
            return turn;
        }).ToList();

        Assert.Equal<OrderEvent>([Paid(1500), new FileLineDelivered(1, "order-1:ebook", At(1))], turns[0].Events);
        Assert.All(turns.Skip(1), t => Assert.Empty(t.Events));
        Assert.All(turns.Skip(1), t => Assert.Empty(t.Effects));
        Assert.Equal([new PaymentRecord("stripe", "evt-1", 1500, Usd, "pi-1", At(1), PaymentDisposition.Accepted)], spec.State.Payments);
        Assert.Empty(spec.State.Refunds);
        Assert.Equal(OrderStatus.Delivering, spec.State.Status);
    }

    [Fact]
    public void ConfirmPayment_DifferentReferenceOnPaidOrder_RefundsItOnceHoweverManyEventsReportIt()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), Pay(1500, minutes: 2, eventId: "evt-2"));

        var second = spec.When(Pay(1500, minutes: 3, eventId: "evt-3", reference: "pi-2"));
        spec.After(Pay(1500, minutes: 3, eventId: "evt-3", reference: "pi-2"));

        Assert.Equal<OrderEvent>([new DuplicatePaymentReceived("stripe", "evt-3", 1500, Usd, "pi-2", "refund-evt-3", At(3))], second.Events);
        Assert.Equal(
            [new RefundPayment(OrderId, "refund-evt-3", "stripe", "evt-3", "pi-2", 1500, Usd, "duplicate payment")],
            second.Effects.OfType<RefundPayment>());
        spec.ThenNoOp(Pay(1500, minutes: 4, eventId: "evt-4", reference: "pi-2"));
        spec.ThenNoOp(Pay(1500, minutes: 5, eventId: "evt-5"));
    }

    [Fact]
    public void ConfirmPayment_SameReferenceFromAnotherProvider_IsAnotherPayment()
    {
        var spec = OrderSpec.GivenCommands(Create(EbookLine), Pay(1500));

        var turn = spec.When(new ConfirmPayment("paypal", "WH-1", 1500, Usd, "pi-1", At(2)));

        Assert.Equal<OrderEvent>([new DuplicatePaymentReceived("paypal", "WH-1", 1500, Usd, "pi-1", "refund-WH-1", At(2))], turn.Events);
    }

    [Fact]
    public void ConfirmPayment_SameReferenceAfterOrderRefunded_IsNoOp() =>
        OrderSpec.GivenCommands(
                Create(EbookLine), Pay(1500), new RefundOrder("asked", "op", At(2)), new RefundCompleted("refund-evt-1", "re_1", At(3)))
            .ThenNoOp(Pay(1500, minutes: 4, eventId: "evt-2"));

    [Fact]
    public void ConfirmPayment_SameReferenceAfterReversal_IsNoOp() =>
        OrderSpec.GivenCommands(Create(EbookLine), Pay(1500), new RecordPaymentReversed("stripe", "rev-1", "pi-1", At(2)))
            .ThenNoOp(Pay(1500, minutes: 3, eventId: "evt-2"));
}
