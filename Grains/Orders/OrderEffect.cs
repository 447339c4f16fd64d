using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// I/O the order wants done, as data. <see cref="Step"/> is a logical step (never a dispatch attempt), so
/// <see cref="IdempotencyKey"/> is the same however often the engine dispatches the effect.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PlaceSupplierOrder), "place-supplier-order")]
[JsonDerivedType(typeof(PollSupplierOrder), "poll-supplier-order")]
[JsonDerivedType(typeof(CallMerchantWebhook), "call-merchant-webhook")]
[JsonDerivedType(typeof(GrantEntitlement), "grant-entitlement")]
[JsonDerivedType(typeof(RecordLicense), "record-license")]
[JsonDerivedType(typeof(RevokeEntitlement), "revoke-entitlement")]
[JsonDerivedType(typeof(SendDeliveryEmail), "send-delivery-email")]
[JsonDerivedType(typeof(RefundPayment), "refund-payment")]
[JsonDerivedType(typeof(RaiseAlert), "raise-alert")]
[JsonDerivedType(typeof(LookupPaymentStatus), "lookup-payment-status")]
[JsonDerivedType(typeof(ReconcilePaymentStatus), "reconcile-payment-status")]
public abstract record OrderEffect
{
    public abstract string OrderId { get; init; }

    public abstract string Step { get; init; }

    /// <summary><c>order/{orderId}/{step}</c>: the key the engine and the handlers deduplicate on.</summary>
    [JsonIgnore]
    public string IdempotencyKey => $"order/{OrderId}/{Step}";
}

/// <summary>
/// Buys codes from the supplier, using <see cref="Reference"/> as the supplier-side order reference. With
/// <see cref="LookupFirst"/> the handler first looks the reference up and never buys twice.
/// The result comes back as <see cref="SupplierAnswered"/> with this step. A <see cref="Test"/> order's calls stay out
/// of the supplier statistics. <see cref="AmountMinor"/> in <see cref="Currency"/> is the line's price of the units
/// bought, recorded as what the purchase cost (null on effects planned before it was).
/// </summary>
public sealed record PlaceSupplierOrder(
    string OrderId,
    string Step,
    int LineNo,
    string SupplierSku,
    int Quantity,
    string Reference,
    bool LookupFirst,
    bool Test = false,
    long? AmountMinor = null,
    string? Currency = null) : OrderEffect;

/// <summary>Asks the supplier how a pending order is doing; the result comes back as <see cref="SupplierAnswered"/>.</summary>
public sealed record PollSupplierOrder(string OrderId, string Step, int LineNo, string SupplierOrderId, string Reference, bool Test = false) : OrderEffect;

/// <summary>
/// Asks the merchant's fulfillment webhook for a license; the handler signs with the secrets from the catalog.
/// The result comes back as <see cref="MerchantWebhookAnswered"/>. <see cref="DeliveryId"/> is the Standard Webhooks
/// <c>webhook-id</c>: one per line (per item with separate multibuy), the same on every retry, so the merchant can
/// deduplicate; effects planned before it existed have none and the handler derives it.
/// </summary>
public sealed record CallMerchantWebhook(
    string OrderId,
    string Step,
    int LineNo,
    string Url,
    string Sku,
    string ProductName,
    int Quantity,
    string CustomerEmail,
    string? CustomerName,
    long AmountMinor,
    string Currency,
    string? DeliveryId = null,
    Catalog.MerchantWebhookRequest? Request = null,
    string? TransactionId = null,
    string? CheckoutHash = null) : OrderEffect;

/// <summary>A message to the customer grain: keep this license (all its items) in the customer's account.</summary>
public sealed record RecordLicense(
    string OrderId,
    string Step,
    string CustomerId,
    string CustomerEmail,
    int LineNo,
    string Sku,
    string ProductName,
    string? Instructions,
    EquatableArray<string> Texts) : OrderEffect
{
    public override string ToString() =>
        $"RecordLicense {{ OrderId = {OrderId}, Step = {Step}, LineNo = {LineNo}, Sku = {Sku}, Texts = {Texts.Count} }}";
}

/// <summary>A message to the customer grain: add this download to the customer's account.</summary>
public sealed record GrantEntitlement(
    string OrderId,
    string Step,
    string CustomerId,
    string CustomerEmail,
    string EntitlementId,
    string Sku,
    string ProductName,
    int? DownloadLimit) : OrderEffect;

/// <summary>A message to the customer grain: withdraw every download this order granted.</summary>
public sealed record RevokeEntitlement(string OrderId, string Step, string CustomerId) : OrderEffect;

/// <summary>The delivery email; the handler reports success with <see cref="DeliveryEmailSent"/>.</summary>
public sealed record SendDeliveryEmail(
    string OrderId,
    string Step,
    string To,
    string? CustomerName,
    DeliveryKind Kind,
    EquatableArray<DeliveryContent> Items,
    bool IsResend) : OrderEffect;

/// <summary>Returns a payment; the result comes back as <see cref="RefundCompleted"/> or <see cref="RefundFailed"/>.</summary>
public sealed record RefundPayment(
    string OrderId,
    string Step,
    string Provider,
    string PaymentEventId,
    string PaymentReference,
    long AmountMinor,
    string Currency,
    string Reason) : OrderEffect;

public sealed record RaiseAlert(string OrderId, string Step, AlertKind Kind, string Message) : OrderEffect;

/// <summary>Asks the provider for a payment's status (PesaPal GetTransactionStatus); the answer comes back as a payment command.</summary>
public sealed record LookupPaymentStatus(string OrderId, string Step, string Provider, string TrackingId) : OrderEffect;

/// <summary>
/// Asks every configured provider whether the order was paid although no webhook said so: Stripe by the PaymentIntents
/// carrying the order id, PesaPal by the tracking ids the order has seen, PayPal (and PesaPal) by the provider orders
/// recorded (<see cref="ProviderOrderIds"/>). A payment found comes back as a <see cref="ConfirmPayment"/> marked
/// reconciled; nothing found changes nothing.
/// </summary>
public sealed record ReconcilePaymentStatus(
    string OrderId, string Step, EquatableArray<string> TrackingIds, EquatableArray<ProviderOrderId> ProviderOrderIds = default) : OrderEffect;
