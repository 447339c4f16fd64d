namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Logical step names, unique within an order. Numbers in them count logical calls (a retry after a failure, a new
/// poll), never dispatches of the same effect, so a re-dispatched effect keeps its idempotency key.
/// </summary>
public static class OrderSteps
{
    public static string SupplierOrder(int lineNo, int call) =>
        call <= 1 ? $"supplier-order-{lineNo}" : $"supplier-order-{lineNo}-retry-{call}";

    public static string SupplierPoll(int lineNo, int poll) => $"supplier-poll-{lineNo}-{poll}";

    public static string MerchantWebhook(int lineNo, int call) =>
        call <= 1 ? $"merchant-webhook-{lineNo}" : $"merchant-webhook-{lineNo}-retry-{call}";

    public static string GrantEntitlement(int lineNo) => $"grant-entitlement-{lineNo}";

    public static string RecordLicense(int lineNo) => $"record-license-{lineNo}";

    public const string RevokeEntitlements = "revoke-entitlements";

    public static string DeliveryEmail(int lineNo) => $"delivery-email-{lineNo}";

    public static string ResendEmail(int resend) => $"resend-email-{resend}";

    public static string Refund(string paymentEventId, int attempt) =>
        attempt <= 1 ? $"refund-{paymentEventId}" : $"refund-{paymentEventId}-{attempt}";

    public static string PaymentLookup(string trackingId, int notice) => $"payment-lookup-{trackingId}-{notice}";

    public static string Reconciliation(int lookup) => $"payment-reconciliation-{lookup}";

    public static string Alert(AlertKind kind, int sequence) => $"alert-{kind.Name()}-{sequence}";
}
