namespace Orleans.Delivery.Gateway.Pages;

/// <summary>What the page for a download that cannot happen shows.</summary>
/// <param name="Store">The store's name, logo and support contact.</param>
/// <param name="Reason">Why not.</param>
/// <param name="ProductName">The product, when the link named one we know.</param>
/// <param name="OrderId">Its order, so the buyer can quote it to support.</param>
/// <param name="Allowed">For <see cref="DownloadUnavailableReason.LimitReached"/>: the downloads allowed.</param>
/// <param name="AccountUrl">The buyer's "Digital Products" page; optional.</param>
public sealed record DownloadUnavailableView(
    StoreBranding Store,
    DownloadUnavailableReason Reason,
    string? ProductName = null,
    string? OrderId = null,
    int? Allowed = null,
    string? AccountUrl = null);
