using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.SupplierSimulator;

namespace Orleans.Delivery.Gateway.Tests.Webhooks.Supplier;

public sealed class SupplierWebhookVerifierTests
{
    private const string Secret = "whsec-test-secret-0123456789";

    // Computed outside .NET (Python's hmac) for this body, secret and timestamp: pins the documented scheme.
    private const string KnownSignature = "sha256=d6fdc8e9c435b531ad500538b9d3d99a8baafffe2012866095b5b5da95bbaba0";
    private const string KnownBodyOnlySignature = "sha256=569414db4037f46f05153c8d0eaee882bba698a795b25bd996446ae4e0be57b6";
    private static readonly byte[] KnownBody = """{"event_id":"evt_1","order_id":"sup_1","reference":"order-1","status":"completed","items":[]}"""u8.ToArray();
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    private readonly SupplierWebhookVerifier _verifier = Verifier(new SupplierWebhookOptions { Secret = Secret });

    [Fact]
    public void Verify_KnownVector_Valid()
    {
        var result = _verifier.Verify(Headers(KnownSignature, "1767225600"), KnownBody, SignedAt);

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Verify_SignedBySimulatorSigner_Valid()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"event_id":"evt_{{Guid.NewGuid():N}}","reference":"order-2"}""");
        var headers = new HeaderDictionary();
        foreach (var (name, value) in new SupplierWebhookSigner(Secret).CreateHeaders(body, SignedAt))
        {
            headers[name] = value;
        }

        Assert.Equal(SupplierWebhookVerification.Valid, _verifier.Verify(headers, body, SignedAt.AddMinutes(4)));
    }

    [Fact]
    public void Verify_UpperCaseHexAmongSeveralSignatures_Valid()
    {
        var header = "sha256=" + new string('0', 64) + ", SHA256=" + KnownSignature["sha256=".Length..].ToUpperInvariant();

        Assert.True(_verifier.Verify(Headers(header, "1767225600"), KnownBody, SignedAt).IsValid);
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(KnownBody).Replace("completed", "failed", StringComparison.Ordinal));

        Assert.Equal(SupplierWebhookErrors.SignatureMismatch, _verifier.Verify(Headers(KnownSignature, "1767225600"), tampered, SignedAt).Error);
    }

    [Fact]
    public void Verify_TamperedTimestamp_SignatureMismatch()
    {
        Assert.Equal(SupplierWebhookErrors.SignatureMismatch, _verifier.Verify(Headers(KnownSignature, "1767225601"), KnownBody, SignedAt).Error);
    }

    [Fact]
    public void Verify_OtherSecret_SignatureMismatch()
    {
        var verifier = Verifier(new SupplierWebhookOptions { Secret = "another-secret-0123456789" });

        Assert.Equal(SupplierWebhookErrors.SignatureMismatch, verifier.Verify(Headers(KnownSignature, "1767225600"), KnownBody, SignedAt).Error);
    }

    [Theory]
    [InlineData(null, "1767225600")]
    [InlineData("", "1767225600")]
    [InlineData(KnownSignature, null)]
    [InlineData(KnownSignature, "")]
    public void Verify_HeaderMissing_MissingSignature(string? signature, string? timestamp)
    {
        Assert.Equal(SupplierWebhookErrors.MissingSignature, _verifier.Verify(Headers(signature, timestamp), KnownBody, SignedAt).Error);
    }

    [Theory]
    [InlineData("d6fdc8e9c435b531ad500538b9d3d99a8baafffe2012866095b5b5da95bbaba0", "1767225600")]
    [InlineData("sha256=xyz", "1767225600")]
    [InlineData("sha256=d6fdc8e9", "1767225600")]
    [InlineData("sha1=d6fdc8e9c435b531ad500538b9d3d99a8baafffe2012866095b5b5da95bbaba0", "1767225600")]
    [InlineData(KnownSignature, "yesterday")]
    [InlineData(KnownSignature, "-1767225600")]
    [InlineData(KnownSignature, "1767225600.5")]
    public void Verify_Unreadable_MalformedSignature(string signature, string timestamp)
    {
        Assert.Equal(SupplierWebhookErrors.MalformedSignature, _verifier.Verify(Headers(signature, timestamp), KnownBody, SignedAt).Error);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_OutsideTolerance_TimestampOutsideTolerance(int offsetSeconds)
    {
        var now = SignedAt.AddSeconds(offsetSeconds);

        Assert.Equal(SupplierWebhookErrors.TimestampOutsideTolerance, _verifier.Verify(Headers(KnownSignature, "1767225600"), KnownBody, now).Error);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_AtToleranceEdge_Valid(int offsetSeconds)
    {
        Assert.True(_verifier.Verify(Headers(KnownSignature, "1767225600"), KnownBody, SignedAt.AddSeconds(offsetSeconds)).IsValid);
    }

    [Fact]
    public void Verify_HugeTimestamp_OutsideToleranceNotCrash()
    {
        var body = "{}"u8.ToArray();
        var signer = new SupplierWebhookSigner(Secret);
        var signature = signer.Sign(body, long.MaxValue);

        Assert.Equal(SupplierWebhookErrors.TimestampOutsideTolerance, _verifier.Verify(Headers(signature, long.MaxValue.ToString()), body, SignedAt).Error);
    }

    [Fact]
    public void Verify_BodyOnlySchemeWithCustomHeader_ValidWithoutAgeCheck()
    {
        var verifier = Verifier(new SupplierWebhookOptions { Secret = Secret, SignatureHeader = "X-Signature", TimestampHeader = "" });
        var headers = new HeaderDictionary { ["X-Signature"] = KnownBodyOnlySignature };

        Assert.True(verifier.Verify(headers, KnownBody, SignedAt.AddDays(30)).IsValid);
        Assert.Equal(SupplierWebhookErrors.MissingSignature, verifier.Verify(Headers(KnownBodyOnlySignature, null), KnownBody, SignedAt).Error);
    }

    [Fact]
    public void Options_ShortSecret_FailValidation()
    {
        var result = new SupplierWebhookOptionsValidator().Validate(null, new SupplierWebhookOptions { Secret = "short", Tolerance = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Secret", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Tolerance", StringComparison.Ordinal));
    }

    private static SupplierWebhookVerifier Verifier(SupplierWebhookOptions options) => new(Options.Create(options));

    private static HeaderDictionary Headers(string? signature, string? timestamp)
    {
        var headers = new HeaderDictionary();
        if (signature is not null)
        {
            headers["X-Supplier-Signature"] = signature;
        }

        if (timestamp is not null)
        {
            headers["X-Supplier-Timestamp"] = timestamp;
        }

        return headers;
    }
}
