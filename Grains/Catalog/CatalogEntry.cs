namespace Orleans.Delivery.Grains.Catalog;

/// <summary>A product as the catalog holds it; an inactive product stays listed for operators but cannot be priced.</summary>
public sealed record CatalogEntry(Product Product, bool Active);
