namespace Orleans.Delivery.Grains.Orders;

/// <summary>The outbox kinds of the order's effects; a silo registers one handler per kind.</summary>
public static class OrderEffectKinds
{
    public const string SupplierOrder = "supplier-order";
    public const string SupplierPoll = "supplier-poll";
    public const string MerchantWebhook = "merchant-webhook";
    public const string DeliveryEmail = "delivery-email";
    public const string Refund = "refund";
    public const string PaymentLookup = "payment-lookup";
    public const string Alert = "alert";
    public const string PaymentReconciliation = "payment-reconciliation";

    /// <summary>
    /// Whether an effect of <paramref name="kind"/> is claimed by a write just before each call: everything that must
    /// not happen twice (a purchase, a call to the merchant, an email, a refund). Lookups are only reads.
    /// </summary>
    public static bool IsFenced(string kind) => kind is not (SupplierPoll or PaymentLookup or PaymentReconciliation);

    public static string Of(OrderEffect effect) => effect switch
    {
        PlaceSupplierOrder => SupplierOrder,
        PollSupplierOrder => SupplierPoll,
        CallMerchantWebhook => MerchantWebhook,
        SendDeliveryEmail => DeliveryEmail,
        RefundPayment => Refund,
        LookupPaymentStatus => PaymentLookup,
        ReconcilePaymentStatus => PaymentReconciliation,
        RaiseAlert => Alert,
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect.GetType().Name, "not an outbox effect"),
    };
}
