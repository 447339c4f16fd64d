namespace Orleans.Delivery.Grains.Catalog;

public static class Pricing
{
    public const int MaxQuantity = 100;
    public const int MaxLines = 100;

    /// <summary>
    /// Prices a cart from the catalog. Lines for the same sku are merged (a cart that lists a sku twice means the sum),
    /// keeping the order in which skus first appear.
    /// </summary>
    public static PricingResult Price(CatalogState catalog, IEnumerable<CartItem> items)
    {
        var requested = items.ToList();
        var errors = new List<PricingError>();
        if (requested.Count == 0)
        {
            return new PricingResult.Rejected([new PricingError("empty-cart", null, "the cart is empty")]);
        }

        foreach (var bad in requested.Where(i => i.Quantity is < 1 or > MaxQuantity))
        {
            errors.Add(new PricingError("invalid-quantity", bad.Sku, $"quantity for {bad.Sku} must be between 1 and {MaxQuantity}"));
        }

        var merged = requested
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => new CartItem(g.Key, (int)Math.Clamp(g.Sum(i => (long)i.Quantity), int.MinValue, int.MaxValue)))
            .ToList();
        if (merged.Count > MaxLines)
        {
            errors.Add(new PricingError("too-many-lines", null, $"a cart holds at most {MaxLines} different products"));
        }

        if (errors.Count == 0)
        {
            foreach (var over in merged.Where(i => i.Quantity > MaxQuantity))
            {
                errors.Add(new PricingError("invalid-quantity", over.Sku, $"quantity for {over.Sku} must be between 1 and {MaxQuantity}"));
            }
        }

        var lines = new List<PricedLine>();
        foreach (var item in merged)
        {
            switch (catalog.Find(item.Sku))
            {
                case null:
                    errors.Add(new PricingError("unknown-sku", item.Sku, $"there is no product {item.Sku}"));
                    break;
                case { Active: false }:
                    errors.Add(new PricingError("unavailable-product", item.Sku, $"{item.Sku} is not for sale at the moment"));
                    break;
                case { Product: var product }:
                    // A quantity over the cap is already an error; capping it here only keeps the product in range.
                    lines.Add(new PricedLine(item.Sku, item.Quantity, product.PriceMinor, product.PriceMinor * Math.Min(item.Quantity, MaxQuantity), product.Snapshot()));
                    break;
            }
        }

        var currencies = lines.Select(l => l.Product.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            errors.Add(new PricingError("mixed-currencies", null, $"a cart must be in one currency, found {string.Join(", ", currencies)}"));
        }

        return errors.Count > 0
            ? new PricingResult.Rejected(errors.ToEquatableArray())
            : new PricingResult.Priced(lines.ToEquatableArray(), lines.Sum(l => l.LineTotalMinor), currencies[0]);
    }
}
