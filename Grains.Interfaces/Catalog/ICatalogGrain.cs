namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>The store's catalog and settings (key: the store id, <see cref="DefaultStore"/> on a single store).</summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>The key of the one store of a single-store deployment.</summary>
    public const string DefaultStore = "default";

    /// <summary>Adds or replaces a product; refused with the reasons when it is not valid.</summary>
    Task<CatalogChange> UpsertProductAsync(ProductDefinition product, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a merchant webhook product's signing secret with a newly generated one, answered once in
    /// <see cref="CatalogChange.WebhookSecret"/>. The replaced secret keeps signing, besides the new one, for
    /// <paramref name="overlap"/>, so the merchant can switch without refusing a call.
    /// </summary>
    Task<CatalogChange> RotateWebhookSecretAsync(string sku, TimeSpan overlap, CancellationToken cancellationToken = default);

    /// <summary>Takes a product off sale. Orders already placed keep their snapshot of it.</summary>
    Task<CatalogChange> RemoveProductAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>Replaces the store settings; refused with the reasons when they are not valid.</summary>
    Task<CatalogChange> UpdateSettingsAsync(StoreSettingsDefinition settings, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fills an empty store with a starting catalog, all of it or nothing, at most once in the store's life: a store
    /// that holds settings or products, or took a seed before, is left as it is, so an operator's changes are never
    /// overwritten by a seed applied again at the next start.
    /// </summary>
    Task<CatalogSeedResult> SeedAsync(StoreSettingsDefinition? settings, IReadOnlyList<ProductDefinition> products, CancellationToken cancellationToken = default);

    /// <summary>The products on sale and the store settings.</summary>
    Task<CatalogView> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The store settings and, of the products named by <paramref name="skus"/>, those on sale: what a reader about one
    /// order (its delivery email) or none (an alert, with no SKU) needs, without the whole catalog crossing silos.
    /// </summary>
    Task<CatalogView> GetAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken = default);

    /// <summary>Prices a cart from the catalog — never from the caller's numbers.</summary>
    Task<PricedCart> PriceAsync(IReadOnlyList<CartItem> items, CancellationToken cancellationToken = default);
}
