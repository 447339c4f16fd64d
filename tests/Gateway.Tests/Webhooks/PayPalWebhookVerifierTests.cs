using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class PayPalWebhookVerifierTests(PaymentSimulatorFixture fixture) : IClassFixture<PaymentSimulatorFixture>, IDisposable
{
    private readonly PaymentProviderSimulator _simulator = fixture.Simulator;
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly HttpClient _http = new();
    private readonly string _webhookId = "WH" + Guid.NewGuid().ToString("N");
    private readonly string _body = PayPalEventPayloads.CaptureCompleted("WH-" + Guid.NewGuid().ToString("N"), "CAP1", "ord_1", "10.00", "USD");

    /// <summary>The simulator's certificate under a URL no other test uses, so fetches can be counted per test.</summary>
    private Uri CertificateUrl { get; } = new(fixture.Simulator.PayPalCertificateUrl, $"?test={Guid.NewGuid():N}");

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Verify_SignedDelivery_IsValid()
    {
        var (verifier, _) = Create();

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_HeadersFromRequest_IsValid()
    {
        var (verifier, _) = Create();

        var transmission = PayPalTransmission.FromHeaders(Sign(_body).ToHeaders());
        var result = await verifier.VerifyAsync(transmission, Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_TamperedBody_SignatureMismatch()
    {
        var (verifier, _) = Create();
        var signed = Sign(_body);

        var result = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body.Replace("10.00", "99.00", StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.SignatureMismatch, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_SignedForAnotherWebhookId_SignatureMismatch()
    {
        var (verifier, _) = Create();
        var signed = _simulator.PayPalSigner.SignDelivery(_body, "WH-OTHER", CertificateUrl, _clock.GetUtcNow());

        var result = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.SignatureMismatch, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_SignedWithAnotherKey_SignatureMismatch()
    {
        var (verifier, _) = Create();
        using var forger = new PayPalWebhookSigner();
        var signed = forger.SignDelivery(_body, _webhookId, CertificateUrl, _clock.GetUtcNow());

        var result = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.SignatureMismatch, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_CertificateUrlOnHostNotAllowed_RefusedWithoutFetching()
    {
        var (verifier, _) = Create(o => o.AllowedCertificateHosts = ["api.paypal.com", "api.sandbox.paypal.com"]);

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.CertificateUrlNotAllowed, result.ErrorCode);
        Assert.Empty(CertificateFetches());
    }

    [Fact]
    public async Task Verify_HttpCertificateUrlWithoutInsecureOption_RefusedWithoutFetching()
    {
        var (verifier, _) = Create(o => o.AllowInsecureCertificateUrls = false);

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.CertificateUrlNotAllowed, result.ErrorCode);
        Assert.Empty(CertificateFetches());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Verify_HeaderMissing_MissingSignature(int missing)
    {
        var (verifier, _) = Create();
        var t = Sign(_body).ToTransmission();
        t = missing switch
        {
            0 => t with { TransmissionId = null },
            1 => t with { TransmissionTime = null },
            2 => t with { TransmissionSignature = null },
            3 => t with { CertificateUrl = null },
            _ => t with { AuthAlgorithm = null },
        };

        var result = await verifier.VerifyAsync(t, Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.MissingSignature, result.ErrorCode);
        Assert.Empty(CertificateFetches());
    }

    [Fact]
    public async Task Verify_OtherAlgorithm_UnsupportedAlgorithm()
    {
        var (verifier, _) = Create();

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission() with { AuthAlgorithm = "SHA1withRSA" }, Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.UnsupportedAlgorithm, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_StaleTransmissionTime_TimestampOutsideTolerance()
    {
        var (verifier, _) = Create();
        var signed = _simulator.PayPalSigner.SignDelivery(_body, _webhookId, CertificateUrl, _clock.GetUtcNow().AddMinutes(-6));

        var result = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.TimestampOutsideTolerance, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_UnreadableSignature_MalformedSignature()
    {
        var (verifier, _) = Create();

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission() with { TransmissionSignature = "not*base64" }, Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.MalformedSignature, result.ErrorCode);
    }

    [Fact]
    public async Task Verify_ManyDeliveries_FetchCertificateOnce()
    {
        var (verifier, _) = Create();
        var deliveries = Enumerable.Range(0, 20)
            .Select(i => PayPalEventPayloads.CaptureCompleted($"WH-{i}-{Guid.NewGuid():N}", $"CAP{i}", $"ord_{i}", "5.00", "EUR"))
            .ToList();

        var concurrent = await Task.WhenAll(deliveries.Take(10).Select(b => verifier.VerifyAsync(Sign(b).ToTransmission(), Encoding.UTF8.GetBytes(b), CancellationToken.None)));
        var sequential = new List<WebhookVerificationResult>();
        foreach (var body in deliveries.Skip(10))
        {
            sequential.Add(await verifier.VerifyAsync(Sign(body).ToTransmission(), Encoding.UTF8.GetBytes(body), CancellationToken.None));
        }

        Assert.All(concurrent.Concat(sequential), r => Assert.True(r.IsValid, r.ErrorCode));
        Assert.Single(CertificateFetches());
    }

    [Fact]
    public async Task Verify_AfterCacheLifetime_FetchesCertificateAgain()
    {
        var (verifier, _) = Create(o => o.CertificateCacheLifetime = TimeSpan.FromHours(1));
        Assert.True((await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None)).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(61));
        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorCode);
        Assert.Equal(2, CertificateFetches().Count);
    }

    [Fact]
    public async Task Prefetch_BeforeFirstDelivery_VerificationMakesNoRequest()
    {
        var (verifier, cache) = Create();
        Assert.True(await cache.PrefetchAsync(CertificateUrl, CancellationToken.None));
        Assert.Single(CertificateFetches());

        var result = await verifier.VerifyAsync(Sign(_body).ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorCode);
        Assert.Single(CertificateFetches());
    }

    [Fact]
    public async Task Verify_CertificateNotFound_CertificateUnavailableAndNotCached()
    {
        var (verifier, _) = Create();
        var missing = new Uri(_simulator.BaseUrl, $"paypal/certs/CERT-missing-{Guid.NewGuid():N}");
        var signed = _simulator.PayPalSigner.SignDelivery(_body, _webhookId, missing, _clock.GetUtcNow());

        var first = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);
        var second = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.CertificateUnavailable, first.ErrorCode);
        Assert.Equal(WebhookErrorCodes.CertificateUnavailable, second.ErrorCode);
        Assert.Equal(2, _simulator.RequestsTo(missing.AbsolutePath).Count);
    }

    [Fact]
    public async Task Verify_CertificateExpired_CertificateExpired()
    {
        var (verifier, _) = Create();
        _clock.Advance(TimeSpan.FromDays(365 * 11));
        var signed = _simulator.PayPalSigner.SignDelivery(_body, _webhookId, CertificateUrl, _clock.GetUtcNow());

        var result = await verifier.VerifyAsync(signed.ToTransmission(), Encoding.UTF8.GetBytes(_body), CancellationToken.None);

        Assert.Equal(WebhookErrorCodes.CertificateExpired, result.ErrorCode);
    }

    [Fact]
    public void Construct_InvalidOptions_Throws() =>
        Assert.Throws<OptionsValidationException>(() => Create(o => o.WebhookId = ""));

    private (PayPalWebhookVerifier Verifier, PayPalCertificateCache Cache) Create(Action<PayPalWebhookOptions>? configure = null)
    {
        var options = new PayPalWebhookOptions
        {
            WebhookId = _webhookId,
            AllowedCertificateHosts = ["127.0.0.1"],
            AllowInsecureCertificateUrls = true,
        };
        configure?.Invoke(options);
        var cache = new PayPalCertificateCache(_http, Options.Create(options), _clock, NullLogger<PayPalCertificateCache>.Instance);
        return (new PayPalWebhookVerifier(cache, Options.Create(options), _clock), cache);
    }

    private PayPalSignedWebhook Sign(string body) =>
        _simulator.PayPalSigner.SignDelivery(body, _webhookId, CertificateUrl, _clock.GetUtcNow());

    private List<SimulatorRequest> CertificateFetches() =>
        _simulator.Requests.Where(r => r.Path == PaymentProviderSimulator.PayPalCertificatePath && r.QueryString == CertificateUrl.Query).ToList();
}
