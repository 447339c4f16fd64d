namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// The payment provider's own order for this order (a PayPal checkout order id): the handle the reconciliation sweep
/// asks the provider about when no webhook confirmed a payment.
/// </summary>
public sealed record ProviderOrderId(string Provider, string Id);
