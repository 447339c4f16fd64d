namespace Orleans.Delivery.Grains.Catalog;

/// <summary>The store's catalog: products ordered by sku, and the store's settings (null until first set).</summary>
public sealed record CatalogState(EquatableArray<CatalogEntry> Products, StoreSettings? Settings)
{
    public static CatalogState Initial { get; } = new([], null);

    public CatalogEntry? Find(string sku) => Products.FirstOrDefault(p => p.Product.Sku == sku);

    public IEnumerable<Product> ActiveProducts => Products.Where(p => p.Active).Select(p => p.Product);

    public CatalogState Evolve(CatalogEvent @event) => @event switch
    {
        ProductUpserted e => this with
        {
            Products = Find(e.Product.Sku) is { } existing
                ? Products.Update(p => p.Product.Sku == e.Product.Sku, _ => existing with { Product = e.Product })
                : Products.Add(new CatalogEntry(e.Product, Active: true))
                    .OrderBy(p => p.Product.Sku, StringComparer.Ordinal).ToEquatableArray(),
        },
        ProductRemoved e => this with { Products = Products.RemoveAll(p => p.Product.Sku == e.Sku) },
        ProductDeactivated e => this with { Products = Products.Update(p => p.Product.Sku == e.Sku, p => p with { Active = false }) },
        ProductReactivated e => this with { Products = Products.Update(p => p.Product.Sku == e.Sku, p => p with { Active = true }) },
        SettingsUpdated e => this with { Settings = e.Settings },
        ProductRejected or SettingsRejected or CatalogChangeRefused => this,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown catalog event"),
    };
}
