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

/// <summary>
/// A license from the merchant's webhook (plain text or Markdown, never HTML). With separate multibuy,
/// <see cref="Responses"/> holds each item's answer and <see cref="LicenseText"/> them all, numbered.
/// </summary>
public sealed record LicenseDelivery(
    int LineNo,
    string Sku,
    string ProductName,
    string? Instructions,
    string LicenseText,
    EquatableArray<string> Responses = default) : DeliveryContent
{
    /// <summary>Each answer to deliver; one for a line called once (deliveries planned before responses were listed too).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Items => Responses.IsEmpty ? [LicenseText] : Responses;

    /// <summary>The answers as one text: the single answer, or each numbered.</summary>
    public static string Join(IReadOnlyList<string> responses) =>
        responses.Count == 1 ? responses[0] : string.Join("\n\n", responses.Select((r, i) => $"{i + 1}. {r}"));

    public override string ToString() =>
        $"LicenseDelivery {{ LineNo = {LineNo}, Sku = {Sku}, ProductName = {ProductName}, LicenseText = {CodeItem.Mask(LicenseText)} }}";
}
