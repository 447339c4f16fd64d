using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Orders;

public sealed class OrderStepsSpecs
{
    [Fact]
    public void Steps_AreLogicalNames()
    {
        Assert.Equal("supplier-order-1", OrderSteps.SupplierOrder(1, 1));
        Assert.Equal("supplier-order-1-retry-2", OrderSteps.SupplierOrder(1, 2));
        Assert.Equal("supplier-poll-2-3", OrderSteps.SupplierPoll(2, 3));
        Assert.Equal("merchant-webhook-1", OrderSteps.MerchantWebhook(1, 1));
        Assert.Equal("merchant-webhook-1-retry-3", OrderSteps.MerchantWebhook(1, 3));
        Assert.Equal("delivery-email-1", OrderSteps.DeliveryEmail(1));
        Assert.Equal("resend-email-2", OrderSteps.ResendEmail(2));
        Assert.Equal("refund-evt_9", OrderSteps.Refund("evt_9", 1));
        Assert.Equal("refund-evt_9-2", OrderSteps.Refund("evt_9", 2));
        Assert.Equal("payment-lookup-track-1-2", OrderSteps.PaymentLookup("track-1", 2));
        Assert.Equal("grant-entitlement-3", OrderSteps.GrantEntitlement(3));
        Assert.Equal("alert-refund-failed-7", OrderSteps.Alert(AlertKind.RefundFailed, 7));
    }

    [Fact]
    public void IdempotencyKey_IsOrderIdAndStep() =>
        Assert.Equal("order/o-42/delivery-email-1", new RaiseAlert("o-42", "delivery-email-1", AlertKind.SupplierFailed, "m").IdempotencyKey);

    [Theory]
    [InlineData("order-1", 1, "order-1")]
    [InlineData("order-1", 2, "order-1/2")]
    [InlineData("order-2025-03-01", 12, "order-2025-03-01/12")]
    public void SupplierReference_RoundTripsToTheOrderId(string orderId, int ordinal, string reference)
    {
        Assert.Equal(reference, SupplierReference.For(orderId, ordinal));
        Assert.Equal(orderId, SupplierReference.OrderIdOf(reference));
    }

    [Theory]
    [InlineData("order-1/x", "order-1/x")]
    [InlineData("order-1/1", "order-1/1")]
    [InlineData("/2", "/2")]
    public void SupplierReference_NotOurSuffix_IsTakenAsIs(string reference, string orderId) =>
        Assert.Equal(orderId, SupplierReference.OrderIdOf(reference));
}
