using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Customers;

/// <summary>Everything that can happen to a customer's downloads. The shell stamps <see cref="Now"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Grant), "grant")]
[JsonDerivedType(typeof(Mint), "mint")]
[JsonDerivedType(typeof(Revoke), "revoke")]
[JsonDerivedType(typeof(RaiseLimit), "raise-limit")]
[JsonDerivedType(typeof(ResetUsage), "reset-usage")]
[JsonDerivedType(typeof(KeepLicense), "keep-license")]
public abstract record CustomerCommand
{
    public abstract DateTimeOffset Now { get; init; }
}

/// <summary>
/// From the order grain: the customer bought a file. The entitlement id is derived from order and sku, so a grant
/// delivered twice lands on the same entitlement. <see cref="Allowed"/> null means unlimited.
/// </summary>
public sealed record Grant(
    string CustomerId,
    string Email,
    string OrderId,
    string ProductSku,
    string ProductName,
    int? Allowed,
    DateTimeOffset Now) : CustomerCommand;

/// <summary>
/// From the order grain: a merchant webhook delivered a license (one text per item) that the buyer's account keeps. Sent
/// again for the same order line, it changes nothing.
/// </summary>
public sealed record KeepLicense(
    string CustomerId,
    string Email,
    string OrderId,
    int LineNo,
    string ProductSku,
    string ProductName,
    string? Instructions,
    EquatableArray<string> Texts,
    DateTimeOffset Now) : CustomerCommand
{
    public override string ToString() => $"KeepLicense {{ OrderId = {OrderId}, LineNo = {LineNo}, ProductSku = {ProductSku}, Texts = {Texts.Count} }}";
}

/// <summary>The customer asks for a fresh download link; counted against the limit if granted.</summary>
public sealed record Mint(string EntitlementId, string ClientAddress, DateTimeOffset Now) : CustomerCommand;

/// <summary>From the order grain: the order was refunded or reversed; its downloads end.</summary>
public sealed record Revoke(string OrderId, DateTimeOffset Now) : CustomerCommand;

/// <summary>Operator: allow more downloads (null = unlimited). Lowering a limit is refused.</summary>
public sealed record RaiseLimit(string EntitlementId, int? NewAllowed, string RequestedBy, DateTimeOffset Now) : CustomerCommand;

/// <summary>Operator: forget the downloads used so far.</summary>
public sealed record ResetUsage(string EntitlementId, string RequestedBy, DateTimeOffset Now) : CustomerCommand;
