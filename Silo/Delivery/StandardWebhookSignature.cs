using System.Security.Cryptography;
using System.Text;
using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Signs merchant webhook calls as the Standard Webhooks specification does: <c>webhook-signature</c> holds
/// <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{content}")) for each signing secret,
/// space-separated, so during a rotation's overlap either secret verifies. The content is the body, or for a GET the
/// query string.
/// </summary>
/// <remarks>
/// Written here rather than taken from the StandardWebhooks package: it signs one secret at a time from a string
/// payload and its verification reads the system clock; the HMAC is a few lines, and the tests verify our signatures
/// with that package.
/// </remarks>
public static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, WebhookSecrets.Key(secret));
            hmac.AppendData(prefix);
            hmac.AppendData(content);
            signatures.Add("v1," + Convert.ToBase64String(hmac.GetHashAndReset()));
        }

        return string.Join(' ', signatures);
    }
}
