using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Tests.Http;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("ord_wumn6htgxel4h3z7rx3v5gxfua")]
    [InlineData("evt_1MqqbKLt4dXK03v5")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    [InlineData("order-1/2")]
    [InlineData("email:ada@example.com")]
    [InlineData("a b")]
    [InlineData(" padded ")]
    [InlineData("ордер-1")]
    [InlineData("🎁-gift")]
    [InlineData("%FF")]
    public void Check_OrdinaryIdentifier_Accepted(string value)
    {
        Assert.Null(Identifier.Check(value, "order_id"));
        Assert.True(Identifier.IsValid(value));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("ord_\0")]
    [InlineData("\0ord")]
    [InlineData("a\u0001b")]
    [InlineData("\u001b[31m")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("x\u007f")]
    [InlineData("\u0080")]
    [InlineData("a\u0085")]
    [InlineData("\u009f")]
    [InlineData("a\ufffd")]
    [InlineData("\ufffe")]
    [InlineData("\uffff")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    [InlineData("\u202egnp.exe")]
    [InlineData("\u2066x")]
    [InlineData("")]
    [InlineData("   ")]
    public void Check_ForbiddenText_RefusedNamingTheField(string value)
    {
        var refusal = Identifier.Check(value, "metadata.order_id");

        Assert.NotNull(refusal);
        Assert.Equal((Identifier.ErrorCode, "metadata.order_id"), (refusal.Code, refusal.Field));
        Assert.StartsWith("metadata.order_id is not a valid identifier: ", refusal.Detail, StringComparison.Ordinal);
        Assert.False(Identifier.IsValid(value));
    }

    [Fact]
    public void Check_ControlCharacter_DetailNamesCodePointAndPositionNotTheValue()
    {
        var refusal = Identifier.Check("secret\0", "reference")!;

        Assert.Equal("reference is not a valid identifier: it contains the control character U+0000 at position 6.", refusal.Detail);
    }

    [Fact]
    public void Check_Null_LeftToTheCaller()
    {
        Assert.Null(Identifier.Check(null, "order_id"));
        Assert.False(Identifier.IsValid(null));
    }

    [Fact]
    public void Check_Length_BoundedByDefaultAndPerField()
    {
        Assert.Null(Identifier.Check(new string('a', Identifier.MaxLength), "id"));
        Assert.Equal("id is not a valid identifier: it is longer than 200 characters.", Identifier.Check(new string('a', Identifier.MaxLength + 1), "id")!.Detail);
        Assert.Null(Identifier.Check(new string('a', 254), "email", 254));
        Assert.NotNull(Identifier.Check(new string('a', 255), "email", 254));
    }

    // Built in code: xUnit's test case data cannot carry an unpaired surrogate.
    [Fact]
    public void Check_SurrogatePairCountsAsText_LoneHalfDoesNot()
    {
        Assert.Null(Identifier.Check("\ud83c\udf81", "sku"));
        Assert.Equal(
            "sku is not a valid identifier: it contains an unpaired surrogate (not valid Unicode) at position 1.",
            Identifier.Check("a" + '\ud83c', "sku")!.Detail);
        foreach (var value in new[] { "x" + '\ud800', '\udc00' + "x", new string(['\udc00', '\ud800']), "\ud83c\udf81" + '\udf81' })
        {
            Assert.Equal(Identifier.ErrorCode, Identifier.Check(value, "sku")?.Code);
        }
    }
}
