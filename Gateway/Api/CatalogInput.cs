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

    /// <summary>Default hours a replaced signing secret goes on signing beside the new one.</summary>
    public const int DefaultSecretOverlapHours = 24;

    public const int MaxSecretOverlapHours = 24 * 30;

    public const string OverlapHoursRule = "overlapHours must be a whole number of hours from 0 to 720.";

    /// <summary>
    /// The hours a rotated signing secret goes on signing: <see cref="DefaultSecretOverlapHours"/> when none is given,
    /// null when what is given is not one whole number from 0 to <see cref="MaxSecretOverlapHours"/>.
    /// </summary>
    public static int? OverlapHours(Microsoft.Extensions.Primitives.StringValues given) =>
        given.Count == 0 || (given.Count == 1 && string.IsNullOrEmpty(given[0]))
            ? DefaultSecretOverlapHours
            : given.Count == 1
                && int.TryParse(given[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hours)
                && hours <= MaxSecretOverlapHours
                    ? hours
                    : null;

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
