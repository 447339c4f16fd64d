using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Customers;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EntitlementGranted), "entitlement-granted")]
[JsonDerivedType(typeof(DownloadMinted), "download-minted")]
[JsonDerivedType(typeof(DownloadRefused), "download-refused")]
[JsonDerivedType(typeof(EntitlementsRevoked), "entitlements-revoked")]
[JsonDerivedType(typeof(LimitRaised), "limit-raised")]
[JsonDerivedType(typeof(UsageReset), "usage-reset")]
[JsonDerivedType(typeof(LedgerChangeRefused), "ledger-change-refused")]
[JsonDerivedType(typeof(LicenseKept), "license-kept")]
[JsonDerivedType(typeof(LicensesWithdrawn), "licenses-withdrawn")]
public abstract record CustomerEvent
{
    public abstract DateTimeOffset At { get; init; }
}

public sealed record LicenseKept(string CustomerId, string Email, AccountLicense License, DateTimeOffset At) : CustomerEvent;

/// <summary>The order that delivered these licenses was refunded or reversed: the account no longer shows them.</summary>
public sealed record LicensesWithdrawn(string OrderId, DateTimeOffset At) : CustomerEvent;

public sealed record EntitlementGranted(
    string CustomerId,
    string Email,
    string EntitlementId,
    string OrderId,
    string ProductSku,
    string ProductName,
    int? Allowed,
    DateTimeOffset At) : CustomerEvent;

public sealed record DownloadMinted(
    string EntitlementId,
    string OrderId,
    string ClientAddress,
    int DownloadsUsed,
    int? DownloadsLeft,
    DateTimeOffset At) : CustomerEvent;

/// <summary>A link request refused; recorded as an event for the log, it changes no state.</summary>
public sealed record DownloadRefused(string EntitlementId, string ClientAddress, MintRefusal Reason, DateTimeOffset At) : CustomerEvent;

public sealed record EntitlementsRevoked(string OrderId, EquatableArray<string> EntitlementIds, DateTimeOffset At) : CustomerEvent;

public sealed record LimitRaised(string EntitlementId, int? Allowed, string RequestedBy, DateTimeOffset At) : CustomerEvent;

public sealed record UsageReset(string EntitlementId, string RequestedBy, DateTimeOffset At) : CustomerEvent;

public sealed record LedgerChangeRefused(string EntitlementId, string Reason, string RequestedBy, DateTimeOffset At) : CustomerEvent;
