using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Why operators are alerted; the kebab-case names are stable (alert routing rules match on them).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    [JsonStringEnumMemberName("payment-mismatch")] PaymentMismatch,
    [JsonStringEnumMemberName("duplicate-payment")] DuplicatePayment,
    [JsonStringEnumMemberName("supplier-failed")] SupplierFailed,
    [JsonStringEnumMemberName("supplier-unreachable")] SupplierUnreachable,
    [JsonStringEnumMemberName("supplier-unreadable-answer")] SupplierUnreadableAnswer,
    [JsonStringEnumMemberName("supplier-pending-timeout")] SupplierPendingTimeout,
    [JsonStringEnumMemberName("merchant-webhook-failed")] MerchantWebhookFailed,
    [JsonStringEnumMemberName("refund-failed")] RefundFailed,
    [JsonStringEnumMemberName("payment-reversed")] PaymentReversed,
    [JsonStringEnumMemberName("order-undelivered")] OrderUndelivered,
    [JsonStringEnumMemberName("held-payment-refund")] HeldPaymentRefund,
    /// <summary>A delivery email failed for good while the order did not depend on it alone (a resend, or fulfillment still under way).</summary>
    [JsonStringEnumMemberName("delivery-email-failed")] DeliveryEmailFailed,
}
