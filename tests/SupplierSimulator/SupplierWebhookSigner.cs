using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.SupplierSimulator;

/// <summary>
/// Signs webhooks the way the supplier does: <c>X-Supplier-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-Supplier-Signature: sha256=&lt;lower-case hex of HMAC-SHA256(secret, "{timestamp}.{body}")&gt;</c>.
/// Tests use it to sign payloads of their own.
/// </summary>
public sealed class SupplierWebhookSigner
{
    private readonly byte[] _key;

    public SupplierWebhookSigner(string secret, string signatureHeader = "X-Supplier-Signature", string timestampHeader = "X-Supplier-Timestamp")
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = Encoding.UTF8.GetBytes(secret);
        SignatureHeader = signatureHeader;
        TimestampHeader = timestampHeader;
    }

    /// <summary>The header the signature goes in.</summary>
    public string SignatureHeader { get; }

    /// <summary>The header the timestamp goes in.</summary>
    public string TimestampHeader { get; }

    /// <summary>The signature header's value, <c>sha256=&lt;hex&gt;</c>, for a body sent at <paramref name="unixSeconds"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body, long unixSeconds)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, signed));
    }

    /// <summary>Both headers, by name, for a body sent at <paramref name="at"/>.</summary>
    public IReadOnlyDictionary<string, string> CreateHeaders(ReadOnlySpan<byte> body, DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [TimestampHeader] = seconds.ToString(CultureInfo.InvariantCulture),
            [SignatureHeader] = Sign(body, seconds),
        };
    }
}
