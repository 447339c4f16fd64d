using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Webhooks.Stripe;

/// <summary>
/// Checks a <c>Stripe-Signature</c> header (<c>t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=…]</c>): the expected signature is
/// HMAC-SHA256 keyed with the endpoint secret over <c>"{t}.{raw body}"</c>. Any v1 value may match any configured
/// secret, so secrets can be rolled without dropping events. Runs on the request path with no I/O.
/// </summary>
/// <remarks>
/// Hand-written rather than taken from Stripe.net: that package is not served here, and the scheme is a few lines.
/// </remarks>
public static class StripeSignatureVerifier
{
    /// <summary>The header Stripe sends the signature in.</summary>
    public const string HeaderName = "Stripe-Signature";

    /// <summary>Stripe's own libraries default to five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int SignatureBytes = 32;

    public static WebhookVerificationResult Verify(
        string? header, ReadOnlySpan<byte> payload, IReadOnlyList<string> secrets, DateTimeOffset now) =>
        Verify(header, payload, secrets, now, DefaultTolerance);

    public static WebhookVerificationResult Verify(
        string? header, ReadOnlySpan<byte> payload, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one non-empty webhook signing secret is required.", nameof(secrets));
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.MissingSignature);
        }

        if (!TryParseHeader(header, out var timestamp, out var timestampText, out var signatures))
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.MalformedSignature);
        }

        // Signed content is "{t}.{payload}" with t exactly as sent in the header.
        var prefixLength = Encoding.ASCII.GetByteCount(timestampText) + 1;
        var signed = new byte[prefixLength + payload.Length];
        Encoding.ASCII.GetBytes(timestampText, signed);
        signed[prefixLength - 1] = (byte)'.';
        payload.CopyTo(signed.AsSpan(prefixLength));

        Span<byte> expected = stackalloc byte[SignatureBytes];
        var matched = false;
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed, expected);
            foreach (var candidate in signatures)
            {
                // No early exit: every candidate is compared so timing says nothing about which one matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
            }
        }

        if (!matched)
        {
            return WebhookVerificationResult.Invalid(WebhookErrorCodes.SignatureMismatch);
        }

        // Checked after the signature, like Stripe's libraries: t is only trustworthy once it is known to be signed.
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() > tolerance
            ? WebhookVerificationResult.Invalid(WebhookErrorCodes.TimestampOutsideTolerance)
            : WebhookVerificationResult.Valid;
    }

    private static bool TryParseHeader(string header, out long timestamp, out string timestampText, out List<byte[]> signatures)
    {
        timestamp = 0;
        timestampText = string.Empty;
        signatures = [];
        var hasTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            var key = part[..separator];
            var value = part[(separator + 1)..];
            if (key == "t")
            {
                if (hasTimestamp
                    || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
                    || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                {
                    return false;
                }

                timestampText = value;
                hasTimestamp = true;
            }
            else if (key == "v1")
            {
                // A v1 that is not 64 hex digits can never match; it is ignored rather than fatal, as in Stripe's
                // libraries, so a future longer scheme alongside a valid one does not break verification.
                if (value.Length == SignatureBytes * 2 && TryFromHex(value, out var bytes))
                {
                    signatures.Add(bytes);
                }
            }

            // Other schemes (v0 test signatures, future ones) are ignored on purpose.
        }

        return hasTimestamp && signatures.Count > 0;
    }

    private static bool TryFromHex(string value, out byte[] bytes)
    {
        bytes = new byte[value.Length / 2];
        return Convert.FromHexString(value, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == bytes.Length;
    }
}
