using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// The Message-ID an email carries, derived from its effect's idempotency key: the same for every send of the same
/// email, so the delivery log can name it without the mail service reporting it back.
/// </summary>
public static class MessageIds
{
    public const string Domain = "orleans.delivery";

    /// <summary><c>&lt;{first 32 hex digits of SHA-256(key)}@orleans.delivery&gt;</c>: says nothing about the key.</summary>
    public static string For(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"<{Convert.ToHexStringLower(hash)[..32]}@{Domain}>";
    }
}
