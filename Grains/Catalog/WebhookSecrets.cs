using System.Security.Cryptography;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Catalog;

/// <summary>
/// Merchant webhook signing secrets in the form Standard Webhooks libraries read: <c>whsec_</c> and the base64 of the
/// key's bytes.
/// </summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>Key bytes of a generated secret: 256 bits, above the specification's minimum of 24 bytes.</summary>
    public const int KeyBytes = 32;

    /// <summary>The longest a replaced secret may go on signing after a rotation.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The secrets that sign a call of <paramref name="product"/> at <paramref name="now"/>: current first.</summary>
    public static string[] Signing(ProductDefinition product, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(product);
        return (product.MerchantWebhookSecret, product.MerchantWebhookPreviousSecret, product.MerchantWebhookPreviousSecretUntil) switch
        {
            (null, _, _) => [],
            ({ } current, { } previous, { } until) when now < until => [current, previous],
            ({ } current, _, _) => [current],
        };
    }

    /// <summary>
    /// The HMAC key of a secret: the base64 after <c>whsec_</c>; a secret from before secrets were generated (chosen by an
    /// operator, in no particular form) is used as its UTF-8 bytes, as it always was.
    /// </summary>
    public static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var encoded = secret[Prefix.Length..];
            var buffer = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0)
            {
                return buffer[..written];
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(secret);
    }
}
