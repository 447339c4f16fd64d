using System.Text.Json;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Silo.Catalog;

namespace Orleans.Delivery.Silo.Demo;

/// <summary>The demo store and the e-book file it sells, both embedded in this assembly.</summary>
public static class DemoCatalog
{
    /// <summary>The demo e-book's key in the file store.</summary>
    public const string EbookFileKey = "ebooks/dotnet-field-guide.pdf";

    private const string CatalogResource = "demo/catalog.json";
    private const string EbookResource = "demo/files/dotnet-field-guide.pdf";

    public static async Task<CatalogSeed> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var stream = Resource(CatalogResource);
        return await JsonSerializer.DeserializeAsync(stream, CatalogSeedJson.Default.CatalogSeed, cancellationToken)
            ?? throw new InvalidOperationException("The embedded demo catalog is empty.");
    }

    /// <summary>Stores the demo e-book unless a file is already stored under its key.</summary>
    /// <returns>Whether it was stored now.</returns>
    public static async Task<bool> StoreFilesAsync(IFileStore files, CancellationToken cancellationToken = default)
    {
        if (await files.ExistsAsync(EbookFileKey, cancellationToken))
        {
            return false;
        }

        await using var stream = Resource(EbookResource);
        var result = await files.PutAsync(EbookFileKey, stream, "application/pdf", stream.Length, cancellationToken);
        return result.Stored
            ? true
            : throw new InvalidOperationException($"The demo e-book could not be stored under {EbookFileKey}: {result.Error}");
    }

    private static Stream Resource(string name) =>
        typeof(DemoCatalog).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(DemoCatalog).Assembly.GetName().Name}.");
}
