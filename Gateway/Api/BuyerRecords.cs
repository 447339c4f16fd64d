namespace Orleans.Delivery.Gateway.Api;

/// <summary>A customer's digital products, as the account API answers them.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Email">Their email, when known.</param>
/// <param name="Entitlements">Every purchased file, newest first; empty for a customer with none.</param>
public sealed record BuyerProductsAnswer(string CustomerId, string? Email, IReadOnlyList<BuyerEntitlement> Entitlements);

/// <summary>One purchased file.</summary>
/// <param name="EntitlementId">The entitlement, <c>{orderId}:{sku}</c>.</param>
/// <param name="OrderId">The order that bought it.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="ProductName">The product's name.</param>
/// <param name="FileName">The name the file downloads as; null when its product left the catalog.</param>
/// <param name="Allowed">Downloads allowed; null for unlimited.</param>
/// <param name="Used">Downloads counted so far.</param>
/// <param name="Left">Downloads left; null for unlimited.</param>
/// <param name="Revoked">Refunded: no more downloads.</param>
/// <param name="GrantedAt">When it was bought.</param>
/// <param name="DownloadLink">
/// The entitlement's durable link (the one in the delivery email): a page on GET, and a counted download on POST
/// (a plain HTML form posting to it works). Null once revoked.
/// </param>
public sealed record BuyerEntitlement(
    string EntitlementId,
    string OrderId,
    string Sku,
    string ProductName,
    string? FileName,
    int? Allowed,
    int Used,
    int? Left,
    bool Revoked,
    DateTimeOffset GrantedAt,
    Uri? DownloadLink);

/// <summary>A counted download: the fresh file URL, valid until <paramref name="ExpiresAt"/>, and the entitlement after it.</summary>
public sealed record DownloadIssued(Uri Url, DateTimeOffset ExpiresAt, BuyerEntitlement Entitlement);
