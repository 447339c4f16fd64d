namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// A buyer (key: the customer id) and the download-limit ledger of their digital products. Every minted link is
/// counted atomically, whatever the concurrency.
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>The customer's digital products, with downloads left.</summary>
    Task<CustomerView> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts one download of an entitlement and answers what to mint, or why not.</summary>
    Task<DownloadGrant> ConsumeDownloadAsync(string entitlementId, string? clientAddress, CancellationToken cancellationToken = default);

    /// <summary>Operator: raises how many downloads an entitlement allows (null for unlimited); a limit is never lowered.</summary>
    Task<EntitlementChange> SetDownloadLimitAsync(string entitlementId, int? allowed, string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Operator: sets an entitlement's used downloads back to zero.</summary>
    Task<EntitlementChange> ResetDownloadsAsync(string entitlementId, string operatorName, CancellationToken cancellationToken = default);
}

/// <summary>One purchased file product.</summary>
[GenerateSerializer, Immutable, Alias("delivery.EntitlementView")]
public sealed record EntitlementView(
    string EntitlementId,
    string OrderId,
    string Sku,
    string ProductName,
    int? Allowed,
    int Used,
    bool Revoked,
    DateTimeOffset GrantedAt)
{
    /// <summary>Downloads left, or null when unlimited.</summary>
    public int? Left => Allowed is { } allowed ? Math.Max(0, allowed - Used) : null;
}

/// <param name="Licenses">Licenses delivered by merchants' webhooks, except those of refunded or reversed orders.</param>
[GenerateSerializer, Immutable, Alias("delivery.CustomerView")]
public sealed record CustomerView(string CustomerId, string? Email, IReadOnlyList<EntitlementView> Entitlements, IReadOnlyList<LicenseView>? Licenses = null);

/// <summary>A license a merchant's webhook delivered: one text per item (Markdown allowed, never HTML).</summary>
[GenerateSerializer, Immutable, Alias("delivery.LicenseView")]
public sealed record LicenseView(
    string OrderId,
    string Sku,
    string ProductName,
    string? Instructions,
    IReadOnlyList<string> Texts,
    DateTimeOffset DeliveredAt);

/// <summary>Why a download was refused.</summary>
[GenerateSerializer, Alias("delivery.DownloadRefusal")]
public enum DownloadRefusal
{
    None,
    UnknownEntitlement,
    LimitReached,
    Revoked,
}

/// <summary>A counted download (mint <see cref="Entitlement"/>'s file now), or a refusal.</summary>
[GenerateSerializer, Immutable, Alias("delivery.DownloadGrant")]
public sealed record DownloadGrant(DownloadRefusal Refusal, EntitlementView? Entitlement)
{
    public bool Allowed => Refusal == DownloadRefusal.None;
}

[GenerateSerializer, Immutable, Alias("delivery.EntitlementChange")]
public sealed record EntitlementChange(bool Applied, string? ErrorCode, string? Error, EntitlementView? Entitlement);
