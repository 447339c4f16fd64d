using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Which email template fits: a file email carries no codes, a code email carries codes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryKind>))]
public enum DeliveryKind
{
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("code")] Code,
    [JsonStringEnumMemberName("license")] License,
    /// <summary>A resend covering lines of different kinds.</summary>
    [JsonStringEnumMemberName("mixed")] Mixed,
}
