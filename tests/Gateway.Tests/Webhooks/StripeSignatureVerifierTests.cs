using System.Text;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Gateway.Tests.Webhooks;

public sealed class StripeSignatureVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly string _secret = "whsec_" + Guid.NewGuid().ToString("N");
    private readonly string _payload = StripeEventPayloads.PaymentIntentSucceeded("evt_" + Guid.NewGuid().ToString("N"), "pi_1", "ord_1", 1000, "usd");

    private WebhookVerificationResult Verify(string? header, string? payload = null, IReadOnlyList<string>? secrets = null) =>
        StripeSignatureVerifier.Verify(header, Encoding.UTF8.GetBytes(payload ?? _payload), secrets ?? [_secret], Now);

    [Fact]
    public void Verify_SignedByStripe_IsValid()
    {
        var result = Verify(StripeWebhookSigner.Sign(_payload, _secret, Now.AddSeconds(-30)));

        Assert.True(result.IsValid, result.ErrorCode);
    }

    [Fact]
    public void Verify_SignedWithAnotherSecret_SignatureMismatch()
    {
        var result = Verify(StripeWebhookSigner.Sign(_payload, "whsec_other", Now));

        Assert.Equal(WebhookErrorCodes.SignatureMismatch, result.ErrorCode);
    }

    [Fact]
    public void Verify_TamperedBody_SignatureMismatch()
    {
        var header = StripeWebhookSigner.Sign(_payload, _secret, Now);

        var result = Verify(header, _payload.Replace("1000", "1", StringComparison.Ordinal));

        Assert.Equal(WebhookErrorCodes.SignatureMismatch, result.ErrorCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(-3600)]
    [InlineData(301)]
    public void Verify_TimestampBeyondTolerance_TimestampOutsideTolerance(int offsetSeconds)
    {
        var result = Verify(StripeWebhookSigner.Sign(_payload, _secret, Now.AddSeconds(offsetSeconds)));

        Assert.Equal(WebhookErrorCodes.TimestampOutsideTolerance, result.ErrorCode);
    }

    [Fact]
    public void Verify_TimestampAtToleranceEdge_IsValid()
    {
        var result = Verify(StripeWebhookSigner.Sign(_payload, _secret, Now.AddSeconds(-300)));

        Assert.True(result.IsValid, result.ErrorCode);
    }

    [Fact]
    public void Verify_CustomTolerance_Honoured()
    {
        var header = StripeWebhookSigner.Sign(_payload, _secret, Now.AddSeconds(-90));

        var result = StripeSignatureVerifier.Verify(header, Encoding.UTF8.GetBytes(_payload), [_secret], Now, TimeSpan.FromMinutes(1));

        Assert.Equal(WebhookErrorCodes.TimestampOutsideTolerance, result.ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Verify_NoHeader_MissingSignature(string? header) =>
        Assert.Equal(WebhookErrorCodes.MissingSignature, Verify(header).ErrorCode);

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1768478400")]
    [InlineData("t=1768478400,v1=nothex")]
    [InlineData("t=1768478400,v0=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1768478400,t=1768478401,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_MalformedHeader_MalformedSignature(string header) =>
        Assert.Equal(WebhookErrorCodes.MalformedSignature, Verify(header).ErrorCode);

    [Fact]
    public void Verify_HeaderWithTwoSignaturesDuringRotation_IsValidWithEitherSecret()
    {
        var oldSecret = "whsec_old_" + Guid.NewGuid().ToString("N");
        var header = StripeWebhookSigner.SignWithEach(_payload, [oldSecret, _secret], Now);

        Assert.True(Verify(header, secrets: [_secret]).IsValid);
        Assert.True(Verify(header, secrets: [oldSecret]).IsValid);
    }

    [Fact]
    public void Verify_TwoConfiguredSecrets_AcceptsEventsSignedWithEither()
    {
        var newSecret = "whsec_new_" + Guid.NewGuid().ToString("N");
        IReadOnlyList<string> configured = [_secret, newSecret];

        Assert.True(Verify(StripeWebhookSigner.Sign(_payload, _secret, Now), secrets: configured).IsValid);
        Assert.True(Verify(StripeWebhookSigner.Sign(_payload, newSecret, Now), secrets: configured).IsValid);
        Assert.Equal(WebhookErrorCodes.SignatureMismatch, Verify(StripeWebhookSigner.Sign(_payload, "whsec_x", Now), secrets: configured).ErrorCode);
    }

    [Fact]
    public void Verify_ExtraElementsAndSpaces_AreIgnored()
    {
        var signature = StripeWebhookSigner.ComputeSignature(_payload, _secret, Now);
        var header = $"t={Now.ToUnixTimeSeconds()}, v1={new string('0', 64)}, v1={signature}, v0=abc";

        Assert.True(Verify(header).IsValid);
    }

    [Fact]
    public void Verify_NoSecretsConfigured_Throws() =>
        Assert.Throws<ArgumentException>(() => Verify(StripeWebhookSigner.Sign(_payload, _secret, Now), secrets: []));
}
