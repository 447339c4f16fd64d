using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;
using Contract = Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>The order's state as the contract shows it. Codes and license text appear only while delivered and not refunded.</summary>
public static class OrderViews
{
    public static OrderView View(OrderState state)
    {
        var delivered = state.DeliveredContent();
        var codes = delivered.OfType<CodeDelivery>().SelectMany(c => c.Codes).Select(c => new DeliveredCode(c.Code, c.Pin, null, c.Instructions, c.Confirmation)).ToList();
        var licenses = delivered.OfType<LicenseDelivery>().Select(l => l.LicenseText).ToList();
        var paidAt = state.AcceptedPayment?.ReceivedAt;
        var deliveredAt = state.DeliveredAt;
        return new OrderView(
            state.OrderId,
            Status(state.Status),
            new Contract.CustomerInfo(state.Customer.Email, state.Customer.Name, state.Customer.CustomerId),
            state.Customer.CustomerId,
            state.Lines.Select((l, i) => new OrderLineView(
                l.Sku, l.Product.Name, Kind(l.Product.Kind), l.Quantity, l.UnitPriceMinor, l.Product.Denomination,
                state.Progress[i].Status == LineStatus.Delivered)).ToList(),
            state.AmountMinor,
            state.Currency,
            state.CreatedAt ?? DateTimeOffset.MinValue,
            paidAt,
            deliveredAt,
            state.ReviewReason,
            codes,
            licenses.Count == 0 ? null : string.Join("\n\n", licenses),
            state.History.Select(h => new OrderTransition(h.At, Status(h.From), Status(h.To), h.Cause)).ToList(),
            state.Payments.Select(p => new Contract.PaymentRecord(
                p.ReceivedAt, p.Provider, p.EventId, p.Reversed ? "reversed" : p.Disposition.ToString().ToLowerInvariant(),
                p.AmountMinor, p.Currency, p.PaymentReference, null)).ToList(),
            state.DeliveryLog.Select(d => new DeliveryRecord(
                d.At, d.Kind.ToString().ToLowerInvariant(), Channel(d.Channel), d.Detail)).ToList(),
            state.Test);
    }

    /// <summary>The order's row of the <c>orders</c> table; null before it exists.</summary>
    public static OrderListing? Listing(OrderState state) => !state.Exists
        ? null
        : new OrderListing(
            state.OrderId,
            Status(state.Status),
            state.Customer.Email.ToLowerInvariant(),
            state.CreatedAt ?? DateTimeOffset.MinValue,
            state.AcceptedPayment?.ReceivedAt,
            state.DeliveredAt,
            state.Lines.Select(l => l.Sku).ToList(),
            state.AmountMinor,
            state.Currency,
            state.Test);

    /// <summary>The status as the API spells it: <c>pending_payment</c>, <c>manual_review</c>, …</summary>
    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.None => "none",
        OrderStatus.PendingPayment => "pending_payment",
        OrderStatus.AwaitingSupplier => "awaiting_supplier",
        OrderStatus.ManualReview => "manual_review",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Channel(DeliveryChannel channel) => channel switch
    {
        DeliveryChannel.OrderPage => "order_page",
        _ => channel.ToString().ToLowerInvariant(),
    };

    private static FulfillmentKind Kind(ProductKind kind) => kind switch
    {
        ProductKind.File => FulfillmentKind.File,
        ProductKind.SupplierCode => FulfillmentKind.SupplierCode,
        _ => FulfillmentKind.MerchantWebhook,
    };
}
