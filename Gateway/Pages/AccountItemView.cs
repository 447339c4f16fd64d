using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>One purchased file on the account page.</summary>
/// <param name="ProductName">The product.</param>
/// <param name="OrderId">The order that bought it.</param>
/// <param name="Left">Downloads left; null when unlimited.</param>
/// <param name="Allowed">Downloads allowed in all; null when unlimited.</param>
/// <param name="Revoked">Refunded: no button, a sentence instead.</param>
/// <param name="DownloadUrl">Where its "Download" button POSTs (the entitlement's durable link).</param>
public sealed record AccountItemView(string ProductName, string OrderId, int? Left, int? Allowed, bool Revoked, string DownloadUrl)
{
    public static AccountItemView From(EntitlementView entitlement, string downloadUrl)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        return new AccountItemView(entitlement.ProductName, entitlement.OrderId, entitlement.Left, entitlement.Allowed, entitlement.Revoked, downloadUrl);
    }
}
