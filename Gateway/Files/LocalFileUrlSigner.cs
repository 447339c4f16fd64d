using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Signs and checks the local store's file URLs: HMAC-SHA256 over the key, expiry, reference and file name.
/// Hand-written because there is no served library for signed URLs of our own gateway; the scheme is the usual one
/// (a MAC over every field a client could change, compared in constant time).
/// </summary>
internal sealed class LocalFileUrlSigner(byte[] secret)
{
    private const string Domain = "orleans-delivery/local-file/v1";

    public string Sign(string key, long expires, string reference, string name) =>
        Base64Url.EncodeToString(Mac(key, expires, reference, name));

    public LocalFileUrlCheck Check(string key, string? expires, string? reference, string? name, string? signature, DateTimeOffset now)
    {
        if (!FileKey.IsValid(key) || expires is null || reference is null || name is null || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return LocalFileUrlCheck.Invalid;
        }

        Span<byte> presented = stackalloc byte[64];
        if (!Base64UrlText.TryDecode(signature, presented, out var written) || written != 32)
        {
            return LocalFileUrlCheck.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(presented[..written], Mac(key, expiresAt, reference, name)))
        {
            return LocalFileUrlCheck.Invalid;
        }

        // Expiry only after the signature: a tampered URL is invalid whatever its date says.
        return now.ToUnixTimeSeconds() >= expiresAt ? LocalFileUrlCheck.Expired : LocalFileUrlCheck.Valid;
    }

    private byte[] Mac(string key, long expires, string reference, string name)
    {
        // Newline-separated: key and reference cannot contain one, and the name is last, so fields cannot shift.
        var message = string.Join('\n', Domain, key, expires.ToString(CultureInfo.InvariantCulture), reference, name);
        return HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(message));
    }
}
