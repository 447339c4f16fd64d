using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>
/// Order ids: random for a plain checkout; derived from the storefront's Idempotency-Key otherwise, so a retried
/// request lands on the same order grain, which answers it as before.
/// </summary>
public static class OrderIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New() => "ord_" + Encode(RandomNumberGenerator.GetBytes(16));

    public static string FromIdempotencyKey(string key) => "ord_" + Encode(SHA256.HashData(Encoding.UTF8.GetBytes("checkout\n" + key)).AsSpan(0, 16));

    // Lower-case base32 without padding: URL-safe, case-insensitive, no look-alike digits.
    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 / 5) + 1);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
