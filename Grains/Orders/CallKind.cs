using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Which outside call a line is waiting on, so an answer can be matched to the call that asked.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallKind>))]
public enum CallKind
{
    [JsonStringEnumMemberName("place-supplier-order")] PlaceSupplierOrder,
    [JsonStringEnumMemberName("poll-supplier-order")] PollSupplierOrder,
    [JsonStringEnumMemberName("merchant-webhook")] MerchantWebhook,
}
