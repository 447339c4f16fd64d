namespace Orleans.Delivery.Silo.Mail;

/// <summary>One file product in a delivery email.</summary>
/// <param name="DownloadUrl">Our durable download link (an absolute http(s) URL); each use counts a download.</param>
/// <param name="DownloadsLeft">Downloads the buyer has left; null for unlimited.</param>
public sealed record DownloadableProduct(string ProductName, string DownloadUrl, int? DownloadsLeft);
