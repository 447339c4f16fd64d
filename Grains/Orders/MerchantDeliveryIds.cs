using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Identifiers a merchant webhook call carries, derived from the order so every silo, and every retry, computes the
/// same ones: no store of ids to keep in step.
/// </summary>
public static class MerchantDeliveryIds
{
    /// <summary>
    /// The Standard Webhooks <c>webhook-id</c> of one line's call (one item's, with separate multibuy): <c>msg_</c> and 32
    /// hex digits. Opaque, so an order id with any characters still makes a header-safe id.
    /// </summary>
    public static string For(string orderId, int lineNo, int item) => "msg_" + Hash($"delivery\n{orderId}\n{lineNo}\n{item}");

    /// <summary>The <c>checkout_hash</c> field: a stable opaque id of the order, the same in every call about it.</summary>
    public static string CheckoutHash(string orderId) => Hash($"checkout\n{orderId}");

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
