namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The reference we give the supplier for a line's order: the order id itself for the order's first supplier line
/// (the common single-line case), <c>{orderId}/{n}</c> for the n-th. The supplier's webhook echoes it back, which is
/// how the gateway finds the order.
/// </summary>
public static class SupplierReference
{
    public static string For(string orderId, int supplierLineOrdinal) =>
        supplierLineOrdinal <= 1 ? orderId : $"{orderId}/{supplierLineOrdinal}";

    /// <summary>The order id a reference belongs to (order ids never contain '/').</summary>
    public static string OrderIdOf(string reference)
    {
        var slash = reference.LastIndexOf('/');
        return slash > 0 && int.TryParse(reference.AsSpan(slash + 1), out var n) && n >= 2 ? reference[..slash] : reference;
    }
}
