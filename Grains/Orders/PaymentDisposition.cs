using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<PaymentDisposition>))]
public enum PaymentDisposition
{
    /// <summary>The payment that pays for the order.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,
    /// <summary>Wrong amount or currency; held for an operator.</summary>
    [JsonStringEnumMemberName("mismatched")] Mismatched,
    /// <summary>A second successful payment for an already paid order; refunded automatically.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate,
}
