using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>
/// Checks that a webhook comes from the code supplier and is fresh, with the scheme described on
/// <see cref="SupplierWebhookOptions"/>. Thread-safe; register it as a singleton.
/// </summary>
public sealed class SupplierWebhookVerifier
{
    private const int DigestLength = 32;
    private static readonly byte[] Separator = "."u8.ToArray();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly SupplierWebhookOptions _options;
    private readonly byte[] _key;

    public SupplierWebhookVerifier(IOptions<SupplierWebhookOptions> options)
    {
        _options = options.Value;
        _key = Encoding.UTF8.GetBytes(_options.Secret);
    }

    /// <summary>Verifies the signature headers against the raw body, as received, before it is parsed.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>.</param>
    public SupplierWebhookVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var signature = headers[_options.SignatureHeader];
        if (StringValues.IsNullOrEmpty(signature))
        {
            return new(SupplierWebhookErrors.MissingSignature);
        }

        var usesTimestamp = !string.IsNullOrEmpty(_options.TimestampHeader);
        string? timestampText = null;
        long timestamp = 0;
        if (usesTimestamp)
        {
            timestampText = headers[_options.TimestampHeader].ToString();
            if (timestampText.Length == 0)
            {
                return new(SupplierWebhookErrors.MissingSignature);
            }

            if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
            {
                return new(SupplierWebhookErrors.MalformedSignature);
            }
        }

        var candidates = ParseCandidates(signature);
        if (candidates.Count == 0)
        {
            return new(SupplierWebhookErrors.MalformedSignature);
        }

        Span<byte> expected = stackalloc byte[DigestLength];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key))
        {
            if (timestampText is not null)
            {
                hmac.AppendData(Encoding.ASCII.GetBytes(timestampText));
                hmac.AppendData(Separator);
            }

            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
        }

        var matched = false;
        foreach (var candidate in candidates)
        {
            // Every candidate is compared, in constant time, so timing reveals neither the digest nor which
            // candidate matched.
            matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
        }

        if (!matched)
        {
            return new(SupplierWebhookErrors.SignatureMismatch);
        }

        // Checked after the signature, so a forged timestamp reads as a forgery rather than as a stale webhook.
        if (usesTimestamp)
        {
            var signedAt = timestamp > MaxUnixSeconds ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(timestamp);
            if ((now - signedAt).Duration() > _options.Tolerance)
            {
                return new(SupplierWebhookErrors.TimestampOutsideTolerance);
            }
        }

        return SupplierWebhookVerification.Valid;
    }

    private List<byte[]> ParseCandidates(StringValues headerValues)
    {
        var candidates = new List<byte[]>(1);
        foreach (var headerValue in headerValues)
        {
            foreach (var part in (headerValue ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith(_options.SignaturePrefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var hex = part.AsSpan(_options.SignaturePrefix.Length);
                var digest = new byte[DigestLength];
                if (hex.Length == DigestLength * 2
                    && Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done
                    && written == DigestLength)
                {
                    candidates.Add(digest);
                }
            }
        }

        return candidates;
    }
}
