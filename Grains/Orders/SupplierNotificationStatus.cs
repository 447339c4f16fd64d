using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<SupplierNotificationStatus>))]
public enum SupplierNotificationStatus
{
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("failed")] Failed,
}
