using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryChannel>))]
public enum DeliveryChannel
{
    [JsonStringEnumMemberName("email")] Email,
    /// <summary>Shown on the customer's order page.</summary>
    [JsonStringEnumMemberName("order-page")] OrderPage,
    /// <summary>Added to the customer's account (downloads).</summary>
    [JsonStringEnumMemberName("account")] Account,
    [JsonStringEnumMemberName("operator")] Operator,
}
