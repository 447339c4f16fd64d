using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<RefundPurpose>))]
public enum RefundPurpose
{
    /// <summary>Part of refunding the order itself; the order is Refunded when all of these complete.</summary>
    [JsonStringEnumMemberName("order")] Order,
    /// <summary>Returns a duplicate payment; the order's own status is not affected.</summary>
    [JsonStringEnumMemberName("duplicate-payment")] DuplicatePayment,
    /// <summary>Returns a payment held for a mismatch once another payment paid the order in full; the order's own status is not affected.</summary>
    [JsonStringEnumMemberName("held-payment")] HeldPayment,
}
