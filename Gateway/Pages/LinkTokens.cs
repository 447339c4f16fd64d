using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// Signed, URL-safe tokens for the links we send buyers: the durable download link of an entitlement, the account
/// magic link and the order page link. Format <c>v1.{key id}.{payload}.{signature}</c>, all base64url: the version
/// lets the format change, the key id names the secret that signed it, so secrets rotate (sign with the first,
/// accept all) and a redacted token in a log still tells which secret made it.
/// </summary>
/// <remarks>
/// Hand-written on HMAC-SHA256 rather than ASP.NET Core Data Protection: these links must survive for months in
/// mailboxes and be readable by every gateway from one configured secret, without a shared key ring to store and
/// expire. The payload is signed, not encrypted: it holds ids, which the buyer who receives the link already knows.
/// </remarks>
public sealed class LinkTokens
{
    /// <summary>Tokens longer than this are refused unread.</summary>
    public const int MaxLength = 2048;

    private const string Version = "v1";

    private static readonly System.Buffers.SearchValues<char> TokenAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");
    private const int RedactedPrefix = 12;

    private readonly (string KeyId, byte[] Key)[] _keys;

    public LinkTokens(IOptions<LinkOptions> options)
        : this(SecretsOf(options.Value))
    {
    }

    /// <summary>Signs with the first secret, accepts all of them.</summary>
    /// <exception cref="ArgumentException">No secrets, or one shorter than 32 characters.</exception>
    public LinkTokens(IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0 || secrets.Any(s => s is null || s.Length < PersistedSecret.MinLength))
        {
            throw new ArgumentException($"At least one secret is required, each of at least {PersistedSecret.MinLength} characters.", nameof(secrets));
        }

        _keys = secrets.Select(s => (KeyIdOf(s), PersistedSecret.KeyBytes(s))).ToArray();
    }

    /// <summary>The durable link of one entitlement (no expiry: the download limit is what bounds it).</summary>
    public string CreateDownload(string customerId, string entitlementId) =>
        Sign(new LinkTokenPayload(Wire(LinkPurpose.Download), CustomerId: Required(customerId), EntitlementId: Required(entitlementId)));

    /// <summary>The account magic link; <paramref name="expiresAt"/> null for one that does not expire.</summary>
    public string CreateAccount(string customerId, DateTimeOffset? expiresAt = null) =>
        Sign(new LinkTokenPayload(Wire(LinkPurpose.Account), CustomerId: Required(customerId), ExpiresAt: expiresAt?.ToUnixTimeSeconds()));

    /// <summary>The order page link; <paramref name="expiresAt"/> null for one that does not expire.</summary>
    public string CreateOrder(string orderId, DateTimeOffset? expiresAt = null) =>
        Sign(new LinkTokenPayload(Wire(LinkPurpose.Order), OrderId: Required(orderId), ExpiresAt: expiresAt?.ToUnixTimeSeconds()));

    public LinkCheck<DownloadLink> ReadDownload(string? token, DateTimeOffset now) =>
        Read(token, LinkPurpose.Download, now, p => p is { CustomerId: { Length: > 0 } c, EntitlementId: { Length: > 0 } e } ? new DownloadLink(c, e) : null);

    public LinkCheck<AccountLink> ReadAccount(string? token, DateTimeOffset now) =>
        Read(token, LinkPurpose.Account, now, p => p is { CustomerId: { Length: > 0 } c } ? new AccountLink(c, ExpiryOf(p)) : null);

    public LinkCheck<OrderLink> ReadOrder(string? token, DateTimeOffset now) =>
        Read(token, LinkPurpose.Order, now, p => p is { OrderId: { Length: > 0 } o } ? new OrderLink(o, ExpiryOf(p)) : null);

    /// <summary>A token fit for a log line: its version and key id and a few characters, never enough to use it.</summary>
    public static string Redact(string? token) =>
        string.IsNullOrEmpty(token) ? "(none)"
        : token.Length <= RedactedPrefix ? "…"
        // Only a token's own alphabet reaches a log line; anything else could forge one.
        : !token.AsSpan(0, RedactedPrefix).ContainsAnyExcept(TokenAlphabet) ? $"{token[..RedactedPrefix]}…({token.Length} chars)"
        : $"(not a token, {token.Length} chars)";

    private string Sign(LinkTokenPayload payload)
    {
        var (keyId, key) = _keys[0];
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, LinkTokenJson.Default.LinkTokenPayload));
        var signed = $"{Version}.{keyId}.{body}";
        return $"{signed}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)))}";
    }

    private LinkCheck<T> Read<T>(string? token, LinkPurpose purpose, DateTimeOffset now, Func<LinkTokenPayload, T?> shape)
        where T : class
    {
        if (!Http.Identifier.IsValid(token, MaxLength))
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version)
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        Span<byte> presented = stackalloc byte[48];
        if (!Base64UrlText.TryDecode(parts[3], presented, out var signatureLength) || signatureLength != 32)
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        // Non-ASCII cannot be ours, and would make the signed bytes ambiguous.
        var signed = token[..(token.Length - parts[3].Length - 1)];
        if (!Ascii.IsValid(signed))
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        var signedBytes = Encoding.ASCII.GetBytes(signed);
        var genuine = false;
        foreach (var (keyId, key) in _keys)
        {
            // Every candidate is checked, in constant time, so timing says nothing about which (if any) matched.
            genuine |= keyId == parts[1] && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, signedBytes), presented[..signatureLength]);
        }

        if (!genuine)
        {
            return LinkCheck<T>.Refused(LinkRefusal.BadSignature);
        }

        LinkTokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[2]), LinkTokenJson.Default.LinkTokenPayload);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        if (payload is null)
        {
            return LinkCheck<T>.Refused(LinkRefusal.Malformed);
        }

        if (payload.Purpose != Wire(purpose))
        {
            return LinkCheck<T>.Refused(LinkRefusal.WrongPurpose);
        }

        if (payload.ExpiresAt is { } expiresAt && now.ToUnixTimeSeconds() >= expiresAt)
        {
            return LinkCheck<T>.Refused(LinkRefusal.Expired);
        }

        return shape(payload) is { } link ? LinkCheck<T>.Valid(link) : LinkCheck<T>.Refused(LinkRefusal.Malformed);
    }

    private static DateTimeOffset? ExpiryOf(LinkTokenPayload payload) =>
        payload.ExpiresAt is { } x ? DateTimeOffset.FromUnixTimeSeconds(x) : null;

    private static string Wire(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Download => "download",
        LinkPurpose.Account => "account",
        LinkPurpose.Order => "order",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    private static string Required(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return value;
    }

    // Public by nature (it is in every token); derived, so it needs no configuration of its own.
    private static string KeyIdOf(string secret) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("orleans-delivery/link-key-id\n" + secret)).AsSpan(0, 6));

    private static string[] SecretsOf(LinkOptions options)
    {
        var result = new LinkOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(LinkOptions), typeof(LinkOptions), result.Failures);
        }

        var current = string.IsNullOrEmpty(options.Secret) ? PersistedSecret.LoadOrCreate(options.SecretFile!) : options.Secret;
        return [current, .. options.PreviousSecrets];
    }
}
