using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Pages;

namespace Orleans.Delivery.Gateway.Tests.Pages;

public sealed class LinkTokensTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _secret = NewSecret();
    private readonly string _customer = "email:buyer-" + Guid.NewGuid().ToString("N") + "@example.com";
    private readonly string _entitlement = "ent_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void ReadDownload_OwnToken_RoundTrips()
    {
        var tokens = new LinkTokens([_secret]);

        var check = tokens.ReadDownload(tokens.CreateDownload(_customer, _entitlement), Now);

        Assert.True(check.IsValid);
        Assert.Equal(new DownloadLink(_customer, _entitlement), check.Link);
        Assert.Null(check.ErrorCode);
    }

    [Fact]
    public void ReadDownload_YearsLater_StillValid()
    {
        var tokens = new LinkTokens([_secret]);

        Assert.True(tokens.ReadDownload(tokens.CreateDownload(_customer, _entitlement), Now.AddYears(5)).IsValid);
    }

    [Fact]
    public void ReadAccount_BeforeAndAtExpiry_ValidThenExpired()
    {
        var tokens = new LinkTokens([_secret]);
        var token = tokens.CreateAccount(_customer, Now.AddDays(7));

        var before = tokens.ReadAccount(token, Now.AddDays(7).AddSeconds(-1));
        var at = tokens.ReadAccount(token, Now.AddDays(7));

        Assert.Equal(new AccountLink(_customer, Now.AddDays(7)), before.Link);
        Assert.Equal(LinkRefusal.Expired, at.Refusal);
        Assert.Equal(FileErrorCodes.LinkExpired, at.ErrorCode);
    }

    [Fact]
    public void ReadAccount_WithoutExpiry_Valid()
    {
        var tokens = new LinkTokens([_secret]);

        Assert.Equal(new AccountLink(_customer, null), tokens.ReadAccount(tokens.CreateAccount(_customer), Now.AddYears(1)).Link);
    }

    [Fact]
    public void ReadOrder_OwnToken_RoundTrips()
    {
        var tokens = new LinkTokens([_secret]);

        Assert.Equal(new OrderLink("ord_abc", null), tokens.ReadOrder(tokens.CreateOrder("ord_abc"), Now).Link);
    }

    [Fact]
    public void ReadDownload_AccountToken_WrongPurpose()
    {
        var tokens = new LinkTokens([_secret]);

        var check = tokens.ReadDownload(tokens.CreateAccount(_customer), Now);

        Assert.False(check.IsValid);
        Assert.Equal(LinkRefusal.WrongPurpose, check.Refusal);
        Assert.Equal(FileErrorCodes.LinkInvalid, check.ErrorCode);
    }

    [Fact]
    public void ReadAccountAndOrder_DownloadToken_WrongPurpose()
    {
        var tokens = new LinkTokens([_secret]);
        var token = tokens.CreateDownload(_customer, _entitlement);

        Assert.Equal(LinkRefusal.WrongPurpose, tokens.ReadAccount(token, Now).Refusal);
        Assert.Equal(LinkRefusal.WrongPurpose, tokens.ReadOrder(token, Now).Refusal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadDownload_AnyPartTampered_Refused(int part)
    {
        var tokens = new LinkTokens([_secret]);
        var parts = tokens.CreateDownload(_customer, _entitlement).Split('.');
        parts[part] = Flip(parts[part]);

        var check = tokens.ReadDownload(string.Join('.', parts), Now);

        Assert.False(check.IsValid);
        Assert.Null(check.Link);
        Assert.Equal(FileErrorCodes.LinkInvalid, check.ErrorCode);
    }

    [Fact]
    public void ReadDownload_PayloadSwappedFromAnotherToken_BadSignature()
    {
        var tokens = new LinkTokens([_secret]);
        var mine = tokens.CreateDownload(_customer, _entitlement).Split('.');
        var theirs = tokens.CreateDownload("someone-else", _entitlement).Split('.');
        mine[2] = theirs[2];

        Assert.Equal(LinkRefusal.BadSignature, tokens.ReadDownload(string.Join('.', mine), Now).Refusal);
    }

    [Fact]
    public void ReadDownload_SignedWithForeignSecret_BadSignature()
    {
        var foreign = new LinkTokens([NewSecret()]).CreateDownload(_customer, _entitlement);

        Assert.Equal(LinkRefusal.BadSignature, new LinkTokens([_secret]).ReadDownload(foreign, Now).Refusal);
    }

    [Fact]
    public void ReadDownload_ForeignTokenWithOurKeyId_BadSignature()
    {
        var ours = new LinkTokens([_secret]).CreateDownload(_customer, _entitlement).Split('.');
        var foreign = new LinkTokens([NewSecret()]).CreateDownload(_customer, _entitlement).Split('.');
        foreign[1] = ours[1];

        Assert.Equal(LinkRefusal.BadSignature, new LinkTokens([_secret]).ReadDownload(string.Join('.', foreign), Now).Refusal);
    }

    [Fact]
    public void Rotate_OldSecretKeptAsPrevious_OldTokensStillValidNewOnesUseNewSecret()
    {
        var old = new LinkTokens([_secret]);
        var oldToken = old.CreateDownload(_customer, _entitlement);
        var newSecret = NewSecret();
        var rotated = new LinkTokens(Options.Create(new LinkOptions { Secret = newSecret, PreviousSecrets = [_secret] }));

        var newToken = rotated.CreateDownload(_customer, _entitlement);

        Assert.True(rotated.ReadDownload(oldToken, Now).IsValid);
        Assert.True(rotated.ReadDownload(newToken, Now).IsValid);
        Assert.True(new LinkTokens([newSecret]).ReadDownload(newToken, Now).IsValid);
        Assert.Equal(LinkRefusal.BadSignature, old.ReadDownload(newToken, Now).Refusal);
        Assert.NotEqual(oldToken.Split('.')[1], newToken.Split('.')[1]);
    }

    [Fact]
    public void Rotate_OldSecretDropped_OldTokensRefused()
    {
        var oldToken = new LinkTokens([_secret]).CreateDownload(_customer, _entitlement);

        Assert.Equal(LinkRefusal.BadSignature, new LinkTokens([NewSecret()]).ReadDownload(oldToken, Now).Refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v1...")]
    [InlineData("v1.a.b.c")]
    [InlineData("v2.AAAAAAAA.eyJwIjoiZG93bmxvYWQifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAAAAAA.!!!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.ü.x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAAAAAA.eyJwIjoiZG93bmxvYWQifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    public void ReadDownload_Garbage_RefusedWithoutThrowing(string? token)
    {
        var check = new LinkTokens([_secret]).ReadDownload(token, Now);

        Assert.False(check.IsValid);
        Assert.Equal(FileErrorCodes.LinkInvalid, check.ErrorCode);
    }

    [Fact]
    public void ReadDownload_TooLong_Malformed()
    {
        var check = new LinkTokens([_secret]).ReadDownload("v1." + new string('A', LinkTokens.MaxLength), Now);

        Assert.Equal(LinkRefusal.Malformed, check.Refusal);
    }

    [Fact]
    public void Create_Token_IsUrlSafe()
    {
        var token = new LinkTokens([_secret]).CreateDownload("email:ä+ö/?&=#@example.com", "ent/1?x");

        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void Redact_Token_ShowsOnlyVersionAndKeyId()
    {
        var token = new LinkTokens([_secret]).CreateDownload(_customer, _entitlement);

        var redacted = LinkTokens.Redact(token);

        Assert.StartsWith(token[..12], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[3], redacted, StringComparison.Ordinal);
        Assert.Equal("(none)", LinkTokens.Redact(null));
        Assert.Equal("…", LinkTokens.Redact("short"));
    }

    [Fact]
    public void Constructor_NoOrShortSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LinkTokens(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new LinkTokens(["short"]));
    }

    [Fact]
    public void Options_NoSecretNorFile_FailValidationWithAdvice()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new LinkTokens(Options.Create(new LinkOptions())));

        Assert.Contains("Links:Secret is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_SecretFile_GeneratedOnceAndReused()
    {
        var file = Path.Combine(Path.GetTempPath(), "orleans-delivery-links-" + Guid.NewGuid().ToString("N"), "link.key");
        try
        {
            var first = new LinkTokens(Options.Create(new LinkOptions { SecretFile = file }));
            var second = new LinkTokens(Options.Create(new LinkOptions { SecretFile = file }));

            Assert.True(second.ReadDownload(first.CreateDownload(_customer, _entitlement), Now).IsValid);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void Options_ShortPreviousSecret_FailsValidation()
    {
        var result = new LinkOptionsValidator().Validate(null, new LinkOptions { Secret = _secret, PreviousSecrets = ["short"] });

        Assert.Contains("PreviousSecrets", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string NewSecret() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    // Changes the first character, staying within base64url so only the signature can notice.
    private static string Flip(string part) => (part[0] == 'A' ? 'B' : 'A') + part[1..];
}
