using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// The reference that makes a file URL unique to one customer, order and entitlement. It is a hash rather than the
/// ids themselves because customer ids may be email addresses, and URLs end up in browser histories and access logs;
/// an operator who knows the ids can compute it again to find a download in the storage's logs.
/// </summary>
public static class DeliveryRef
{
    public static string For(string customerId, string orderId, string entitlementId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(orderId);
        ArgumentNullException.ThrowIfNull(entitlementId);

        // Length-prefixed, so ("a:b", "c") and ("a", "b:c") cannot hash alike.
        var buffer = new List<byte>(Encoding.UTF8.GetBytes("delivery-ref/v1"));
        Span<byte> length = stackalloc byte[4];
        foreach (var field in (string[])[customerId, orderId, entitlementId])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.AddRange(length);
            buffer.AddRange(bytes);
        }

        return Base64Url.EncodeToString(SHA256.HashData(buffer.ToArray()).AsSpan(0, 16));
    }
}
