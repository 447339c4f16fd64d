using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryLogKind>))]
public enum DeliveryLogKind
{
    [JsonStringEnumMemberName("delivered")] Delivered,
    [JsonStringEnumMemberName("resent")] Resent,
    /// <summary>Delivered by an operator who entered the codes by hand.</summary>
    [JsonStringEnumMemberName("manual")] Manual,
}
