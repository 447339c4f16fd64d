using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>What one delivered line gives the customer, for the delivery email and the order page.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FileDownload), "file-download")]
[JsonDerivedType(typeof(CodeDelivery), "code-delivery")]
[JsonDerivedType(typeof(LicenseDelivery), "license-delivery")]
public abstract record DeliveryContent
{
    public abstract int LineNo { get; init; }

    public abstract string Sku { get; init; }

    public abstract string ProductName { get; init; }
}

/// <summary>
/// A file: the email carries no codes, only a way to mint a fresh download link for <see cref="EntitlementId"/>.
/// <see cref="DownloadLimit"/> null means unlimited.
/// </summary>
public sealed record FileDownload(int LineNo, string Sku, string ProductName, string EntitlementId, int? DownloadLimit) : DeliveryContent;

public sealed record CodeDelivery(
    int LineNo,
    string Sku,
    string ProductName,
    string? Denomination,
    string? Instructions,
    EquatableArray<CodeItem> Codes) : DeliveryContent;

/// <summary>A license from the merchant's webhook (plain text or Markdown, never HTML).</summary>
public sealed record LicenseDelivery(int LineNo, string Sku, string ProductName, string? Instructions, string LicenseText) : DeliveryContent
{
    public override string ToString() =>
        $"LicenseDelivery {{ LineNo = {LineNo}, Sku = {Sku}, ProductName = {ProductName}, LicenseText = {CodeItem.Mask(LicenseText)} }}";
}
