using System.Globalization;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The buyer's side of the download ledger, shared by the pages and the APIs: reading a customer's products, and the
/// download action — one download counted by the customer grain, atomically, then a fresh short-lived file URL.
/// </summary>
/// <remarks>
/// Everything that can fail without the buyer's fault (the product left the catalog, its file is not in the store)
/// is checked before the download is counted, so a broken file never spends one. The URL is minted only after the
/// count: a refused or failed count mints nothing.
/// </remarks>
public sealed class BuyerDownloads(IGrainFactory grains, IFileStore files, TimeProvider time, ILogger<BuyerDownloads> logger)
{
    /// <summary>The store's branding, for a page that names no customer (a refused link).</summary>
    public async Task<StoreBranding> StoreAsync(CancellationToken cancellationToken) =>
        BuyerProducts.BrandingOf(await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync([], cancellationToken));

    /// <summary>The customer's entitlements, the store's branding and the catalog's entries for the products they hold.</summary>
    public async Task<BuyerProducts> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        // The customer first, then only their products: a page view never copies the whole catalog.
        var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync(cancellationToken);
        var skus = customer.Entitlements.Select(e => e.Sku).ToList();
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync(skus, cancellationToken);
        return new BuyerProducts(BuyerProducts.BrandingOf(catalog), customer, catalog.Products);
    }

    /// <summary>The download action: counts one download of the entitlement and mints a fresh file URL, or says why not.</summary>
    /// <param name="customerId">The customer, from a verified link or an authenticated storefront.</param>
    /// <param name="entitlementId">One of that customer's entitlements; another customer's is unknown here.</param>
    /// <param name="clientAddress">The buyer's address, recorded with the download.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<DownloadAttempt> DownloadAsync(string customerId, string entitlementId, string? clientAddress, CancellationToken cancellationToken)
    {
        var products = await ReadAsync(customerId, cancellationToken);
        var entitlement = products.Find(entitlementId);
        if (entitlement is null)
        {
            return Refused(DownloadOutcome.UnknownEntitlement, products.Store, null, entitlementId);
        }

        // A stale "allowed" here is harmless: the customer grain's count below is the one that holds.
        if (entitlement.Revoked || entitlement.Left is 0)
        {
            return Refused(entitlement.Revoked ? DownloadOutcome.Revoked : DownloadOutcome.LimitReached, products.Store, entitlement, entitlementId);
        }

        var file = products.FileOf(entitlement);
        if (file is null || !await files.ExistsAsync(file.Key, cancellationToken))
        {
            PagesLog.FileMissing(logger, entitlement.Sku, entitlementId);
            return new DownloadAttempt(DownloadOutcome.FileMissing, products.Store, entitlement, null);
        }

        var grant = await grains.GetGrain<ICustomerGrain>(customerId).ConsumeDownloadAsync(entitlementId, clientAddress, cancellationToken);
        if (!grant.Allowed)
        {
            var outcome = grant.Refusal switch
            {
                DownloadRefusal.LimitReached => DownloadOutcome.LimitReached,
                DownloadRefusal.Revoked => DownloadOutcome.Revoked,
                _ => DownloadOutcome.UnknownEntitlement,
            };
            return Refused(outcome, products.Store, grant.Entitlement ?? entitlement, entitlementId);
        }

        var counted = grant.Entitlement!;
        var minted = files.MintDownloadUrl(new FileDownloadRequest(file.Key, file.FileName, customerId, counted.OrderId, entitlementId, time.GetUtcNow()));
        PagesLog.DownloadCounted(
            logger, entitlementId, counted.Used, counted.Left?.ToString(CultureInfo.InvariantCulture) ?? "unlimited", file.Key, minted.ExpiresAt);
        return new DownloadAttempt(DownloadOutcome.Minted, products.Store, counted, minted, file);
    }

    private DownloadAttempt Refused(DownloadOutcome outcome, StoreBranding store, EntitlementView? entitlement, string entitlementId)
    {
        PagesLog.DownloadRefused(logger, entitlementId, outcome);
        return new DownloadAttempt(outcome, store, entitlement, null);
    }
}
