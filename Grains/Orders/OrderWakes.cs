namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Reminder names. One name per purpose is enough: lines that need outside calls are fulfilled one at a time, and a
/// wake for a name the order has not scheduled is ignored as stale.
/// </summary>
public static class OrderWakes
{
    public const string SupplierPoll = "supplier-poll";
    public const string SupplierRetry = "supplier-retry";
    public const string WebhookRetry = "webhook-retry";

    /// <summary>
    /// Set when the payment is confirmed, <see cref="OrderPolicy.AlertUndeliveredAfter"/> later; cancelled when the
    /// order is delivered, refunded or reversed. Firing means the order is still undelivered: operators are alerted.
    /// </summary>
    public const string DeliveryDeadline = "delivery-deadline";
}
