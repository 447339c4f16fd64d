namespace Orleans.Delivery.Grains.Catalog;

/// <summary>One line a customer asks to buy.</summary>
public sealed record CartItem(string Sku, int Quantity);
