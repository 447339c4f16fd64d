namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>How a product reaches the buyer.</summary>
[GenerateSerializer, Alias("delivery.FulfillmentKind")]
public enum FulfillmentKind
{
    /// <summary>A file from the store's file storage, through a counted download link.</summary>
    File,

    /// <summary>A code (gift card, key, top-up) bought from the supplier's API.</summary>
    SupplierCode,

    /// <summary>A license returned by the merchant's own fulfillment webhook.</summary>
    MerchantWebhook,
}

/// <summary>A product as the admin API writes it.</summary>
/// <param name="Sku">The store's SKU: letters, digits, '-', '_' and '.', at most 64 characters.</param>
/// <param name="PriceMinor">The price in the currency's minor unit (cents).</param>
/// <param name="Currency">ISO 4217, upper case.</param>
/// <param name="DownloadLimit">Files: downloads allowed per purchase; null for unlimited.</param>
/// <param name="FileKey">Files: the object key in file storage.</param>
/// <param name="FileName">Files: the name the browser saves it under.</param>
/// <param name="SupplierSku">Codes: the supplier's SKU.</param>
/// <param name="RequiresPin">Codes: a code without a PIN is not deliverable.</param>
/// <param name="Denomination">Codes: the face value shown to the buyer, e.g. "$25".</param>
/// <param name="Instructions">How to activate or use it (Markdown), included in the delivery email.</param>
/// <param name="ActivationUrl">Where the buyer redeems it, if anywhere.</param>
/// <param name="MerchantWebhookUrl">Merchant webhooks: the URL called once per order.</param>
/// <param name="MerchantWebhookSecret">Merchant webhooks: the secret our call is signed with.</param>
/// <param name="TopUp">Codes: a top-up credited by the supplier (phone, game or wallet credit). The supplier may then
/// answer with a delivery confirmation instead of a code, and the buyer receives the confirmation; for any other
/// product a confirmation without a code is a failed order.</param>
[GenerateSerializer, Immutable, Alias("delivery.ProductDefinition")]
public sealed record ProductDefinition(
    string Sku,
    string Name,
    long PriceMinor,
    string Currency,
    FulfillmentKind Kind,
    int? DownloadLimit = null,
    string? FileKey = null,
    string? FileName = null,
    string? SupplierSku = null,
    bool RequiresPin = false,
    string? Denomination = null,
    string? Instructions = null,
    string? ActivationUrl = null,
    string? MerchantWebhookUrl = null,
    string? MerchantWebhookSecret = null,
    bool TopUp = false);

/// <summary>The store's name and contacts, as they appear in emails and pages.</summary>
[GenerateSerializer, Immutable, Alias("delivery.StoreSettingsDefinition")]
public sealed record StoreSettingsDefinition(
    string StoreName,
    string? LogoUrl,
    string SupportEmail,
    string SenderAddress,
    string? SenderName = null);

/// <summary>The outcome of a catalog change: applied, or refused with every reason.</summary>
[GenerateSerializer, Immutable, Alias("delivery.CatalogChange")]
public sealed record CatalogChange(bool Applied, IReadOnlyList<string> Errors)
{
    public static CatalogChange Ok { get; } = new(true, []);
}

/// <summary>The catalog as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("delivery.CatalogView")]
public sealed record CatalogView(IReadOnlyList<ProductDefinition> Products, StoreSettingsDefinition? Settings);

/// <summary>One line of a storefront's cart.</summary>
[GenerateSerializer, Immutable, Alias("delivery.CartItem")]
public sealed record CartItem(string Sku, int Quantity);

/// <summary>A cart priced from the catalog, or the reasons it cannot be.</summary>
[GenerateSerializer, Immutable, Alias("delivery.PricedCart")]
public sealed record PricedCart(IReadOnlyList<PricedLine> Lines, long AmountMinor, string? Currency, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A priced line with the product as it was when the order was placed.</summary>
[GenerateSerializer, Immutable, Alias("delivery.PricedLine")]
public sealed record PricedLine(ProductDefinition Product, int Quantity, long LineTotalMinor);
