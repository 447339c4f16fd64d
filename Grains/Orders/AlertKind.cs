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
    [JsonStringEnumMemberName("supplier-pending-timeout")] SupplierPendingTimeout,
    [JsonStringEnumMemberName("merchant-webhook-failed")] MerchantWebhookFailed,
    [JsonStringEnumMemberName("refund-failed")] RefundFailed,
    [JsonStringEnumMemberName("payment-reversed")] PaymentReversed,
}

public static class AlertKindNames
{
    /// <summary>The stable kebab-case name, e.g. <c>payment-mismatch</c>, for logs and alert routing.</summary>
    public static string Name(this AlertKind kind) => kind switch
    {
        AlertKind.PaymentMismatch => "payment-mismatch",
        AlertKind.DuplicatePayment => "duplicate-payment",
        AlertKind.SupplierFailed => "supplier-failed",
        AlertKind.SupplierUnreachable => "supplier-unreachable",
        AlertKind.SupplierPendingTimeout => "supplier-pending-timeout",
        AlertKind.MerchantWebhookFailed => "merchant-webhook-failed",
        AlertKind.RefundFailed => "refund-failed",
        AlertKind.PaymentReversed => "payment-reversed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
