namespace Orleans.Delivery.Silo.Catalog;

/// <summary>Seeding the catalog from a file at start-up (configuration section <c>Catalog</c>).</summary>
public sealed class CatalogSeedOptions
{
    /// <summary>
    /// A JSON file with <c>settings</c> and <c>products</c>, upserted at every start (so editing it and restarting
    /// updates the store). Default: none. The single-node default points it at <c>catalog.json</c>.
    /// </summary>
    public string? SeedFile { get; set; }
}
