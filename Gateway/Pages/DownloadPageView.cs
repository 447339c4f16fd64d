namespace Orleans.Delivery.Gateway.Pages;

/// <summary>What the durable download link's page shows (GET; counts nothing).</summary>
/// <param name="Store">The store's name, logo and support contact.</param>
/// <param name="ProductName">The product bought.</param>
/// <param name="FileName">The file's name, shown so the buyer knows what they will get; optional.</param>
/// <param name="Left">Downloads left; null when unlimited.</param>
/// <param name="Allowed">Downloads allowed in all; null when unlimited.</param>
/// <param name="ActionUrl">Where the "Download now" button POSTs; null for the page's own URL.</param>
/// <param name="AccountUrl">The buyer's "Digital Products" page; optional.</param>
public sealed record DownloadPageView(
    StoreBranding Store,
    string ProductName,
    string? FileName,
    int? Left,
    int? Allowed,
    string? ActionUrl = null,
    string? AccountUrl = null);
