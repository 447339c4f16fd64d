using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Tests.Http;

public sealed class FreeTextTests
{
    [Theory]
    [InlineData("Ada Lovelace")]
    [InlineData("Zoë O'Brien-Łukasiewicz")]
    [InlineData("عليّ")]
    [InlineData("\u202eRTL override is text, not an id")]
    [InlineData("replacement \ufffd is ordinary text")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🎁 gift")]
    public void Check_SingleLineText_Accepted(string value) => Assert.Null(FreeText.Check(value, "customer.name", 200));

    [Theory]
    [InlineData("Ada\0")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\u2028b")]
    [InlineData("a\u0085b")]
    [InlineData("\u007f")]
    [InlineData("\uffff")]
    public void Check_SingleLineWithControlOrBrokenText_Refused(string value)
    {
        var refusal = FreeText.Check(value, "customer.name", 200);

        Assert.NotNull(refusal);
        Assert.Equal((FreeText.ErrorCode, "customer.name"), (refusal.Code, refusal.Field));
    }

    [Theory]
    [InlineData("Line one\nLine two")]
    [InlineData("Windows\r\nline\tand tab")]
    [InlineData("a\u2028b")]
    public void Check_MultilineWithTabsAndNewlines_Accepted(string value) =>
        Assert.Null(FreeText.Check(value, "reason", 1000, multiline: true));

    [Theory]
    [InlineData("fraud\0")]
    [InlineData("bell\u0007")]
    [InlineData("vertical\u000btab")]
    [InlineData("esc\u001b[2J")]
    [InlineData("c1\u0090")]
    [InlineData("\ufffe")]
    public void Check_MultilineWithOtherControls_Refused(string value) =>
        Assert.Equal(FreeText.ErrorCode, FreeText.Check(value, "reason", 1000, multiline: true)?.Code);

    // Built in code: xUnit's test case data cannot carry an unpaired surrogate.
    [Fact]
    public void Check_UnpairedSurrogate_RefusedEvenInMultilineText()
    {
        foreach (var value in new[] { "x" + '\ud800', '\udfff' + "x", "\ud83c\udf81" + '\udc00' })
        {
            Assert.Equal(FreeText.ErrorCode, FreeText.Check(value, "name", 200)?.Code);
            Assert.Equal(FreeText.ErrorCode, FreeText.Check(value, "reason", 1000, multiline: true)?.Code);
        }
    }

    [Fact]
    public void Check_LongerThanItsBound_Refused()
    {
        Assert.Null(FreeText.Check(new string('a', 200), "name", 200));
        Assert.Equal("name is not acceptable text: it is longer than 200 characters.", FreeText.Check(new string('a', 201), "name", 200)!.Detail);
    }

    [Fact]
    public void Check_Null_LeftToTheCaller() => Assert.Null(FreeText.Check(null, "name", 10));
}
