using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Delivery;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>What the order is told for each thing the supplier client saw: only a call that never left postpones.</summary>
public sealed class SupplierAnswersTests
{
    private static readonly SupplierResponse.NotSent Refused = new("no connection (ConnectionError): Connection refused");

    [Fact]
    public void FromPlacement_NotSent_Postponed() =>
        Assert.Equal(new SupplierResult.Postponed(Refused.Reason), SupplierAnswers.FromPlacement(Refused, 1));

    [Fact]
    public void FromPlacement_ServerErrorOrTimeout_UnreachableSpendingAnAttempt()
    {
        Assert.Equal(
            new SupplierResult.Unreachable("HTTP 503", MayHaveBeenCreated: true),
            SupplierAnswers.FromPlacement(new SupplierResponse.Unreachable("HTTP 503", MayHaveBeenCreated: true), 1));
        Assert.Equal(
            new SupplierResult.Unreachable("the supplier refused the API key (HTTP 401)", MayHaveBeenCreated: false),
            SupplierAnswers.FromPlacement(new SupplierResponse.Rejected(401, "the supplier refused the API key (HTTP 401)"), 1));
    }

    [Fact]
    public void FromLookup_NotSentAsTheOrderAsked_PostponedAndTheOrderKeepsLookingFirst() =>
        Assert.Equal(
            new SupplierResult.Postponed($"lookup by reference: {Refused.Reason}"),
            SupplierAnswers.FromLookup(Refused, 1, orderLooksFirst: true));

    [Fact]
    public void FromLookup_NotSentAfterARepeatedCall_SpendsTheAttemptAndTellsTheOrderToLookFirst() =>
        Assert.Equal(
            new SupplierResult.Unreachable($"lookup by reference after a repeated call: {Refused.Reason}", MayHaveBeenCreated: true),
            SupplierAnswers.FromLookup(Refused, 1, orderLooksFirst: false));

    [Fact]
    public void FromPoll_NotSent_Postponed() =>
        Assert.Equal(new SupplierResult.Postponed(Refused.Reason), SupplierAnswers.FromPoll(Refused, "sup_1", 1));

    [Fact]
    public void Describe_Postponed_SaysNothingWasSent() =>
        Assert.Equal($"postponed, not sent: {Refused.Reason}", SupplierAnswers.Describe(new SupplierResult.Postponed(Refused.Reason)));
}
