using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>
/// The edge's checks on what an operator writes to the catalog: every text field bounded and free of control
/// characters, before the catalog grain is called. The catalog's own rules (a file product needs a file key, a
/// price is not negative…) stay in <c>CatalogRules</c>.
/// </summary>
public static class CatalogInput
{
    public const int MaxUrlLength = 2048;
    public const int MaxInstructionsLength = 10_000;

    public static FieldRefusal? Check(ProductDefinition product) =>
        Identifier.Check(product.Sku, "sku")
        ?? FreeText.Check(product.Name, "name", 200)
        ?? Identifier.Check(product.Currency, "currency", 16)
        ?? FileKeyCheck(Given(product.FileKey))
        ?? FreeText.Check(product.FileName, "fileName", 255)
        ?? Identifier.Check(Given(product.SupplierSku), "supplierSku")
        ?? FreeText.Check(product.Denomination, "denomination", 64)
        ?? FreeText.Check(product.Instructions, "instructions", MaxInstructionsLength, multiline: true)
        ?? Identifier.Check(Given(product.ActivationUrl), "activationUrl", MaxUrlLength)
        ?? Identifier.Check(Given(product.MerchantWebhookUrl), "merchantWebhookUrl", MaxUrlLength)
        ?? Identifier.Check(Given(product.MerchantWebhookSecret), "merchantWebhookSecret", 512)
        ?? Identifier.Check(Given(product.MerchantWebhookMethod), "merchantWebhookMethod", 8)
        ?? Identifier.Check(Given(product.MerchantWebhookFormat), "merchantWebhookFormat", 8)
        ?? Identifier.Check(Given(product.MerchantWebhookPreviousSecret), "merchantWebhookPreviousSecret", 512)
        ?? (product.MerchantWebhookFields ?? []).Select(f => Identifier.Check(f, "merchantWebhookFields", 64)).FirstOrDefault(r => r is not null)
        ?? (product.MerchantWebhookStaticFields ?? []).Select(StaticFieldCheck).FirstOrDefault(r => r is not null);

    private static FieldRefusal? StaticFieldCheck(StaticField? field) =>
        field is null
            ? Identifier.Check(null, "merchantWebhookStaticFields")
            : Identifier.Check(field.Name, "merchantWebhookStaticFields.name", 64)
                ?? FreeText.Check(field.Value, "merchantWebhookStaticFields.value", 1000);

    public static FieldRefusal? Check(StoreSettingsDefinition settings) =>
        FreeText.Check(settings.StoreName, "storeName", 200)
        ?? Identifier.Check(Given(settings.LogoUrl), "logoUrl", MaxUrlLength)
        ?? Identifier.Check(settings.SupportEmail, "supportEmail", CheckoutEndpoints.MaxEmailLength)
        ?? Identifier.Check(settings.SenderAddress, "senderAddress", CheckoutEndpoints.MaxEmailLength)
        ?? FreeText.Check(settings.SenderName, "senderName", 200);

    // An optional field sent empty (as forms do) is absent; anything else in it is checked.
    private static string? Given(string? value) => string.IsNullOrEmpty(value?.Trim(' ')) ? null : value;

    // A key no store accepts would only fail later, at the buyer's download.
    private static FieldRefusal? FileKeyCheck(string? key) =>
        key is null || FileKey.IsValid(key)
            ? null
            : new FieldRefusal(FileErrorCodes.InvalidFileKey, "fileKey", FileKey.Rule);
}
