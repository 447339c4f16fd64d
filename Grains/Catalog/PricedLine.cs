namespace Orleans.Delivery.Grains.Catalog;

/// <summary>A cart line priced against the catalog, with the product snapshot the order will keep.</summary>
public sealed record PricedLine(string Sku, int Quantity, long UnitPriceMinor, long LineTotalMinor, ProductSnapshot Product);
