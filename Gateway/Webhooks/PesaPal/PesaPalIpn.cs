namespace Orleans.Delivery.Gateway.Webhooks.PesaPal;

/// <summary>
/// A PesaPal API 3.0 Instant Payment Notification. It carries no status and no signature: it only says "this
/// order changed", so it can never confirm a payment by itself. The silo confirms by calling
/// GetTransactionStatus with <see cref="OrderTrackingId"/>.
/// </summary>
/// <param name="OrderTrackingId">PesaPal's id of the payment.</param>
/// <param name="OrderMerchantReference">Our order id, as sent in SubmitOrderRequest.</param>
/// <param name="OrderNotificationType"><c>IPNCHANGE</c> (or <c>RECURRING</c> for subscription charges).</param>
public sealed record PesaPalIpn(string OrderTrackingId, string OrderMerchantReference, string OrderNotificationType);
