using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Customers;

[JsonConverter(typeof(JsonStringEnumConverter<MintRefusal>))]
public enum MintRefusal
{
    [JsonStringEnumMemberName("limit-reached")] LimitReached,
    [JsonStringEnumMemberName("revoked")] Revoked,
    [JsonStringEnumMemberName("unknown-entitlement")] UnknownEntitlement,
}
