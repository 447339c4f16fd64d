using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>A customer's digital products with the catalog they were bought from, read together for one page or answer.</summary>
/// <param name="Store">The store's branding.</param>
/// <param name="Customer">The customer and their entitlements (none for a customer we do not know).</param>
/// <param name="Products">The catalog's products, for each entitlement's file.</param>
public sealed record BuyerProducts(StoreBranding Store, CustomerView Customer, IReadOnlyList<ProductDefinition> Products)
{
    /// <summary>Shown when the store settings were never set; a real store sets them before its first sale.</summary>
    public static readonly StoreBranding UnbrandedStore = new("Store", null, string.Empty);

    /// <summary>Newest purchase first, as the account page lists them.</summary>
    public IEnumerable<EntitlementView> Entitlements =>
        Customer.Entitlements.OrderByDescending(e => e.GrantedAt).ThenBy(e => e.EntitlementId, StringComparer.Ordinal);

    public EntitlementView? Find(string entitlementId) =>
        Customer.Entitlements.FirstOrDefault(e => string.Equals(e.EntitlementId, entitlementId, StringComparison.Ordinal));

    /// <summary>The entitlement's file as the catalog has it now, or null when the product or its file key is gone.</summary>
    public ProductFile? FileOf(EntitlementView entitlement)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        var product = Products.FirstOrDefault(p => p.Kind == FulfillmentKind.File && string.Equals(p.Sku, entitlement.Sku, StringComparison.Ordinal));
        if (product is null || !FileKey.IsValid(product.FileKey))
        {
            return null;
        }

        // A key is "ebooks/guide.pdf"; its last segment is a better name than nothing when the catalog gives none.
        var name = string.IsNullOrWhiteSpace(product.FileName) ? product.FileKey![(product.FileKey!.LastIndexOf('/') + 1)..] : product.FileName;
        return new ProductFile(product.FileKey!, name);
    }

    public static StoreBranding BrandingOf(CatalogView catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Settings is { } settings ? StoreBranding.From(settings) : UnbrandedStore;
    }
}
