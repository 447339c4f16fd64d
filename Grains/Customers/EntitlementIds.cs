namespace Orleans.Delivery.Grains.Customers;

/// <summary>
/// An entitlement's id is derived from the order and the sku, so the order grain and the customer grain agree on it
/// without a round trip, and a redelivered grant lands on the same entitlement.
/// </summary>
public static class EntitlementIds
{
    public static string For(string orderId, string sku) => $"{orderId}:{sku}";
}
