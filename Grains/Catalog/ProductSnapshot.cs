namespace Orleans.Delivery.Grains.Catalog;

/// <summary>
/// What an order keeps of a product at the time it was priced, so later catalog edits never change a placed order.
/// The merchant webhook's secret is left out: it belongs to the catalog, and the handler that signs reads it there.
/// </summary>
/// <param name="TopUp">Codes: a top-up, which the supplier may deliver with a confirmation instead of a code.</param>
public sealed record ProductSnapshot(
    string Name,
    ProductKind Kind,
    string Currency,
    int? DownloadLimit = null,
    string? SupplierSku = null,
    bool RequiresPin = false,
    string? Denomination = null,
    string? Instructions = null,
    string? MerchantWebhookUrl = null,
    bool TopUp = false);
