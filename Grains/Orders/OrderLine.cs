using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>One product in an order, with the product as it was when the order was priced.</summary>
public sealed record OrderLine(string Sku, int Quantity, long UnitPriceMinor, ProductSnapshot Product)
{
    public long TotalMinor => UnitPriceMinor * Quantity;
}
