using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>
/// What an order keeps of a product at the time it was priced, so later catalog edits never change a placed order.
/// The merchant webhook's secret is left out: it belongs to the catalog, and the handler that signs reads it there.
/// </summary>
/// <param name="TopUp">Codes: a top-up, which the supplier may deliver with a confirmation instead of a code.</param>
/// <param name="Webhook">Merchant webhooks: how the call is made; null for orders placed before these settings, which
/// call as <see cref="MerchantWebhookRequest.Legacy"/>.</param>
/// <param name="OrderEmailsOff">The product's delivery is not emailed: the order page and the buyer's account have it.</param>
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
    bool TopUp = false,
    MerchantWebhookRequest? Webhook = null,
    bool OrderEmailsOff = false)
{
    /// <summary>The merchant webhook call's settings, those of old orders included.</summary>
    [JsonIgnore]
    public MerchantWebhookRequest WebhookRequest => Webhook ?? MerchantWebhookRequest.Legacy;
}
