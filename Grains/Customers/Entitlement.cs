using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>The right to download one product bought in one order. <see cref="Allowed"/> null means unlimited.</summary>
public sealed record Entitlement(
    string EntitlementId,
    string OrderId,
    string ProductSku,
    string ProductName,
    int? Allowed,
    int Used,
    DateTimeOffset GrantedAt,
    bool Revoked = false,
    DateTimeOffset? RevokedAt = null)
{
    /// <summary>Downloads still possible; null means unlimited.</summary>
    [JsonIgnore]
    public int? DownloadsLeft => Allowed is { } allowed ? Math.Max(0, allowed - Used) : null;

    [JsonIgnore]
    public bool CanDownload => !Revoked && DownloadsLeft is null or > 0;
}
