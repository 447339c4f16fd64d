using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Testing.Simulators;

/// <summary>Produces <c>Stripe-Signature</c> headers exactly as Stripe does, for webhook tests.</summary>
public static class StripeWebhookSigner
{
    /// <summary>The v1 signature: hex HMAC-SHA256 keyed with <paramref name="secret"/> over <c>"{t}.{payload}"</c>.</summary>
    public static string ComputeSignature(string payload, string secret, DateTimeOffset timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp.ToUnixTimeSeconds()}.{payload}"))));

    /// <summary>A header value <c>t=…,v1=…</c>.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset timestamp) =>
        Header(timestamp, ComputeSignature(payload, secret, timestamp));

    /// <summary>A header with one v1 per secret, as Stripe sends while an endpoint secret is being rolled.</summary>
    public static string SignWithEach(string payload, IEnumerable<string> secrets, DateTimeOffset timestamp) =>
        Header(timestamp, secrets.Select(s => ComputeSignature(payload, s, timestamp)).ToArray());

    public static string Header(DateTimeOffset timestamp, params string[] v1Signatures) =>
        string.Create(CultureInfo.InvariantCulture, $"t={timestamp.ToUnixTimeSeconds()}")
        + string.Concat(v1Signatures.Select(s => ",v1=" + s));
}
