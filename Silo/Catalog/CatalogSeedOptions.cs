namespace Orleans.Delivery.Silo.Catalog;

/// <summary>Seeding the catalog from a file at start-up (configuration section <c>Catalog</c>).</summary>
public sealed class CatalogSeedOptions
{
    /// <summary>
    /// A JSON file with <c>settings</c> and <c>products</c> (the shape of <c>Silo/Demo/catalog.json</c>), seeded into an
    /// empty store once; after that the admin API owns the catalog and the file is ignored. File products must name
    /// files already stored. Default: none. Demo mode seeds the demo catalog instead.
    /// </summary>
    public string? SeedFile { get; set; }
}
