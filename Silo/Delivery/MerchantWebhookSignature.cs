using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Deprecated, kept for one release beside <see cref="StandardWebhookSignature"/>, which merchants should verify instead.
/// How our calls to a merchant's fulfillment webhook were signed, so the merchant can tell them from forgeries: the
/// Unix time in whole seconds in <see cref="TimestampHeader"/>, and in <see cref="SignatureHeader"/>
/// <c>sha256=&lt;lower-case hex of HMAC-SHA256(product's webhook secret, "{timestamp}.{raw body, or the query string of a GET}")&gt;</c>. The merchant
/// recomputes it over the bytes received, compares in constant time, and refuses a timestamp far from its clock.
/// </summary>
public static class MerchantWebhookSignature
{
    public const string TimestampHeader = "X-Delivery-Timestamp";

    public const string SignatureHeader = "X-Delivery-Signature";

    public const string Prefix = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
