using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>How a product reaches the customer once paid.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductKind>))]
public enum ProductKind
{
    /// <summary>A stored file, downloaded through short-lived signed links counted against a limit.</summary>
    [JsonStringEnumMemberName("file")]
    File,

    /// <summary>A gift-card or top-up code bought from the supplier's API at fulfillment time.</summary>
    [JsonStringEnumMemberName("supplier-code")]
    SupplierCode,

    /// <summary>A license text returned by the merchant's own fulfillment webhook.</summary>
    [JsonStringEnumMemberName("merchant-webhook")]
    MerchantWebhook,
}
