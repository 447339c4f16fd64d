namespace Orleans.Delivery.Grains.Orders;

public static class AlertKindNames
{
    /// <summary>The stable kebab-case name, e.g. <c>payment-mismatch</c>, for logs and alert routing.</summary>
    public static string Name(this AlertKind kind) => kind switch
    {
        AlertKind.PaymentMismatch => "payment-mismatch",
        AlertKind.DuplicatePayment => "duplicate-payment",
        AlertKind.SupplierFailed => "supplier-failed",
        AlertKind.SupplierUnreachable => "supplier-unreachable",
        AlertKind.SupplierUnreadableAnswer => "supplier-unreadable-answer",
        AlertKind.SupplierPendingTimeout => "supplier-pending-timeout",
        AlertKind.MerchantWebhookFailed => "merchant-webhook-failed",
        AlertKind.RefundFailed => "refund-failed",
        AlertKind.PaymentReversed => "payment-reversed",
        AlertKind.OrderUndelivered => "order-undelivered",
        AlertKind.HeldPaymentRefund => "held-payment-refund",
        AlertKind.DeliveryEmailFailed => "delivery-email-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
