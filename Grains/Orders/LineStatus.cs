using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Where one order line stands. Lines that need an outside call are fulfilled one at a time, in order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineStatus>))]
public enum LineStatus
{
    [JsonStringEnumMemberName("waiting")] Waiting,
    [JsonStringEnumMemberName("in-progress")] InProgress,
    [JsonStringEnumMemberName("awaiting-supplier")] AwaitingSupplier,
    [JsonStringEnumMemberName("retrying")] Retrying,
    [JsonStringEnumMemberName("delivered")] Delivered,
    [JsonStringEnumMemberName("review")] Review,
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Never delivered because the order was refunded or reversed first.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
