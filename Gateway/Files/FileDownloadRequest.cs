namespace Orleans.Delivery.Gateway.Files;

/// <summary>What to mint a short-lived download URL for, and for whom.</summary>
/// <param name="Key">The object key (see <see cref="FileKey"/>).</param>
/// <param name="FileName">The name the browser saves the file under.</param>
/// <param name="CustomerId">The buyer; with the order and entitlement it makes the URL unique to this purchase.</param>
/// <param name="OrderId">The order that bought the file.</param>
/// <param name="EntitlementId">The entitlement the download was counted against.</param>
/// <param name="Now">The time of minting; the URL expires <paramref name="Validity"/> later.</param>
/// <param name="Validity">How long the URL works; null for the store's <see cref="FileStoreOptions.DownloadUrlValidity"/>.</param>
public sealed record FileDownloadRequest(
    string Key,
    string FileName,
    string CustomerId,
    string OrderId,
    string EntitlementId,
    DateTimeOffset Now,
    TimeSpan? Validity = null);
