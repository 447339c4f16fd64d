using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Where an order stands, as operators see it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    /// <summary>No order with this id has been created.</summary>
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("pending-payment")] PendingPayment,
    /// <summary>Payment confirmed; fulfillment is about to start.</summary>
    [JsonStringEnumMemberName("paid")] Paid,
    /// <summary>A supplier order or merchant webhook call is under way.</summary>
    [JsonStringEnumMemberName("fulfilling")] Fulfilling,
    /// <summary>The supplier accepted the order but has not produced the codes yet; we poll and listen.</summary>
    [JsonStringEnumMemberName("awaiting-supplier")] AwaitingSupplier,
    /// <summary>The last call failed transiently; a retry is scheduled.</summary>
    [JsonStringEnumMemberName("retrying")] Retrying,
    /// <summary>
    /// Every line is fulfilled (codes received, files granted), but the buyer has not got them yet: the delivery email
    /// is not yet accepted by the mail server, and the codes were not shown on the order page.
    /// </summary>
    [JsonStringEnumMemberName("delivering")] Delivering,
    /// <summary>The buyer got everything: the delivery email was accepted by the mail server, or the codes were shown on the order page.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,
    /// <summary>Automation stopped; an operator must act (see the review reason).</summary>
    [JsonStringEnumMemberName("manual-review")] ManualReview,
    [JsonStringEnumMemberName("refunding")] Refunding,
    [JsonStringEnumMemberName("refunded")] Refunded,
    /// <summary>The payment provider reversed the payment (chargeback, reversal).</summary>
    [JsonStringEnumMemberName("reversed")] Reversed,
}
