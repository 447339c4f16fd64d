using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>One order's page.</summary>
/// <param name="Store">The store's name, logo and support contact.</param>
/// <param name="OrderId">The order.</param>
/// <param name="Status">The order's status as the grain names it (e.g. <c>delivered</c>); shown in words.</param>
/// <param name="Lines">What was bought.</param>
/// <param name="Codes">Delivered codes with their PINs and serials; empty until delivered.</param>
/// <param name="LicenseText">A license returned by the merchant's webhook, shown as is.</param>
/// <param name="Instructions">How to activate or use each product.</param>
/// <param name="DownloadsUrl">The buyer's "Digital Products" page, for orders with files; optional.</param>
public sealed record OrderPageView(
    StoreBranding Store,
    string OrderId,
    string Status,
    IReadOnlyList<OrderPageLine> Lines,
    IReadOnlyList<DeliveredCode> Codes,
    string? LicenseText,
    IReadOnlyList<ProductInstructions> Instructions,
    string? DownloadsUrl = null)
{
    /// <summary>The page for an order as the grain shows it; instructions come from the catalog.</summary>
    public static OrderPageView From(StoreBranding store, OrderView order, IReadOnlyList<ProductInstructions> instructions, string? downloadsUrl = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderPageView(
            store,
            order.OrderId,
            order.Status,
            order.Lines.Select(l => new OrderPageLine(l.Name, l.Quantity, l.Denomination)).ToList(),
            order.Codes,
            order.LicenseText,
            instructions,
            downloadsUrl);
    }
}

/// <summary>One line of an order as its page shows it.</summary>
public sealed record OrderPageLine(string ProductName, int Quantity, string? Denomination = null);

/// <summary>How to activate or use a product: plain text (line breaks kept), and where to redeem it.</summary>
public sealed record ProductInstructions(string ProductName, string Text, string? ActivationUrl = null);
