using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>
/// PayPal's signing certificates, fetched from allow-listed <c>PAYPAL-CERT-URL</c>s and kept per URL for a bounded
/// time, so a burst of webhooks costs one download. Concurrent requests for the same URL share one fetch; a failed
/// fetch is not cached. Call <see cref="PrefetchAsync"/> at start-up to keep the first webhook off the network.
/// </summary>
public sealed class PayPalCertificateCache
{
    private readonly HttpClient _httpClient;
    private readonly PayPalWebhookOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PayPalCertificateCache> _logger;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public PayPalCertificateCache(
        HttpClient httpClient,
        IOptions<PayPalWebhookOptions> options,
        TimeProvider timeProvider,
        ILogger<PayPalCertificateCache> logger)
    {
        _httpClient = httpClient;
        _options = PayPalWebhookOptionsValidator.ValidOrThrow(options.Value);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True when <paramref name="certificateUrl"/> is one we are willing to fetch.</summary>
    public bool IsAllowed(Uri certificateUrl) =>
        certificateUrl.IsAbsoluteUri
        && (certificateUrl.Scheme == Uri.UriSchemeHttps
            || (_options.AllowInsecureCertificateUrls && certificateUrl.Scheme == Uri.UriSchemeHttp))
        && string.IsNullOrEmpty(certificateUrl.UserInfo)
        && _options.AllowedCertificateHosts.Contains(certificateUrl.IdnHost, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The certificate at <paramref name="certificateUrl"/>, from the cache or fetched; null when the URL is not
    /// allowed or the certificate could not be fetched or read.
    /// </summary>
    public async Task<X509Certificate2?> GetAsync(Uri certificateUrl, CancellationToken cancellationToken)
    {
        if (!IsAllowed(certificateUrl))
        {
            WebhooksLog.PayPalCertificateUrlRefused(_logger, certificateUrl.IsAbsoluteUri ? certificateUrl.Host : "(relative)");
            return null;
        }

        var key = certificateUrl.AbsoluteUri;
        Task<X509Certificate2?> fetch;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (!_entries.TryGetValue(key, out var entry) || entry.ExpiresAt <= now)
            {
                // The shared fetch must not be cancelled by whichever caller happened to start it.
                entry = new Entry(FetchAsync(certificateUrl), now + _options.CertificateCacheLifetime);
                _entries[key] = entry;
                EvictBeyondLimit(now);
            }

            fetch = entry.Certificate;
        }

        var certificate = await fetch.WaitAsync(cancellationToken);
        if (certificate is null)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var entry) && entry.Certificate == fetch)
                {
                    _entries.Remove(key);
                }
            }
        }

        return certificate;
    }

    /// <summary>Fetches and caches the certificate ahead of the first webhook; true when it is now cached.</summary>
    public async Task<bool> PrefetchAsync(Uri certificateUrl, CancellationToken cancellationToken) =>
        await GetAsync(certificateUrl, cancellationToken) is not null;

    private void EvictBeyondLimit(DateTimeOffset now)
    {
        foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(expired);
        }

        while (_entries.Count > _options.MaxCachedCertificates)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.ExpiresAt).Key);
        }
    }

    private async Task<X509Certificate2?> FetchAsync(Uri certificateUrl)
    {
        // Let the caller's lock be released before any I/O starts.
        await Task.Yield();
        try
        {
            using var timeout = new CancellationTokenSource(_options.CertificateFetchTimeout, _timeProvider);
            using var response = await _httpClient.GetAsync(certificateUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(certificateUrl, $"HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxCertificateBytes)
            {
                return Failed(certificateUrl, "response too large");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[_options.MaxCertificateBytes + 1];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, timeout.Token);
            if (length > _options.MaxCertificateBytes)
            {
                return Failed(certificateUrl, "response too large");
            }

            var certificate = ReadFirstCertificate(buffer.AsSpan(0, length));
            if (certificate is null)
            {
                return Failed(certificateUrl, "no PEM certificate in the response");
            }

            WebhooksLog.PayPalCertificateFetched(_logger, certificateUrl.Authority, certificateUrl.AbsolutePath);
            return certificate;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            return Failed(certificateUrl, exception.GetType().Name);
        }
    }

    private X509Certificate2? Failed(Uri certificateUrl, string reason)
    {
        WebhooksLog.PayPalCertificateFetchFailed(_logger, certificateUrl.Authority, certificateUrl.AbsolutePath, reason);
        return null;
    }

    /// <summary>The signing (leaf) certificate is the first one in PayPal's PEM, which may carry the chain after it.</summary>
    private static X509Certificate2? ReadFirstCertificate(ReadOnlySpan<byte> body)
    {
        var text = Encoding.ASCII.GetString(body).AsSpan();
        while (System.Security.Cryptography.PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[fields.Base64Data].ToString()));
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    return null;
                }
            }

            text = text[fields.Location.End..];
        }

        return null;
    }

    private sealed record Entry(Task<X509Certificate2?> Certificate, DateTimeOffset ExpiresAt);
}
