namespace Orleans.Delivery.Grains.Catalog;

/// <summary>A sellable product. <see cref="DownloadLimit"/> null means unlimited downloads.</summary>
public sealed record Product(
    string Sku,
    string Name,
    long PriceMinor,
    string Currency,
    ProductKind Kind,
    int? DownloadLimit = null,
    string? FileKey = null,
    string? SupplierSku = null,
    bool RequiresPin = false,
    string? Denomination = null,
    string? Instructions = null,
    MerchantWebhookTarget? MerchantWebhook = null)
{
    public const int MaxSkuLength = 64;

    /// <summary>Caps a unit price so that a full cart (100 lines of 100 units) can never overflow a long.</summary>
    public const long MaxPriceMinor = 100_000_000_000;

    /// <summary>Every reason this product cannot be sold as it stands; empty when it is valid.</summary>
    public EquatableArray<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Sku))
        {
            errors.Add("sku must not be empty");
        }
        else if (Sku.Length > MaxSkuLength || Sku.Any(char.IsWhiteSpace))
        {
            errors.Add($"sku must be at most {MaxSkuLength} characters without spaces");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name must not be empty");
        }

        if (PriceMinor < 0)
        {
            errors.Add("price must not be negative");
        }
        else if (PriceMinor > MaxPriceMinor)
        {
            errors.Add($"price must be at most {MaxPriceMinor} minor units");
        }

        if (!Money.IsCurrencyCode(Currency))
        {
            errors.Add("currency must be a 3-letter ISO 4217 code in upper case, e.g. USD");
        }

        if (Kind != ProductKind.File && DownloadLimit is not null)
        {
            errors.Add("download limit applies to file products only");
        }

        switch (Kind)
        {
            case ProductKind.File:
                if (string.IsNullOrWhiteSpace(FileKey))
                {
                    errors.Add("file products need a file key");
                }

                if (DownloadLimit is < 1)
                {
                    errors.Add("download limit must be at least 1 (leave it empty for unlimited)");
                }

                break;
            case ProductKind.SupplierCode:
                if (string.IsNullOrWhiteSpace(SupplierSku))
                {
                    errors.Add("supplier-code products need a supplier sku");
                }

                break;
            case ProductKind.MerchantWebhook:
                if (MerchantWebhook is null || string.IsNullOrWhiteSpace(MerchantWebhook.Url))
                {
                    errors.Add("merchant-webhook products need a webhook url");
                }
                else if (!IsHttpUrl(MerchantWebhook.Url))
                {
                    errors.Add("webhook url must be an absolute http or https url");
                }

                break;
            default:
                errors.Add($"unknown product kind {Kind}");
                break;
        }

        return errors.ToEquatableArray();
    }

    public ProductSnapshot Snapshot() =>
        new(Name, Kind, Currency, DownloadLimit, SupplierSku, RequiresPin, Denomination, Instructions, MerchantWebhook?.Url);

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
