using System.Net.Http.Headers;
using System.Text;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class AttachmentDispositionTests
{
    [Fact]
    public void For_AsciiName_AttachmentWithFilenameOnly()
    {
        var header = ContentDispositionHeaderValue.Parse(AttachmentDisposition.For("guide.pdf"));

        Assert.Equal("attachment", header.DispositionType);
        Assert.Equal("guide.pdf", header.FileName);
        Assert.Null(header.FileNameStar);
    }

    [Fact]
    public void For_NonAsciiName_AsciiFallbackAndFilenameStar()
    {
        var value = AttachmentDisposition.For("Mwongozo wa Ñandú – 2030.pdf");
        var header = ContentDispositionHeaderValue.Parse(value);

        Assert.True(Ascii.IsValid(value), value);
        Assert.Contains("filename*=UTF-8''", value, StringComparison.Ordinal);
        Assert.Equal("Mwongozo wa Ñandú – 2030.pdf", header.FileNameStar);
    }

    [Fact]
    public void For_QuotesInName_StayInsideTheParameter()
    {
        var header = ContentDispositionHeaderValue.Parse(AttachmentDisposition.For("a\"; filename=evil.exe; x=\".pdf"));

        Assert.Equal("attachment", header.DispositionType);
        Assert.Single(header.Parameters, p => p.Name.Equals("filename", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("../../etc/passwd", "_.._etc_passwd")]
    [InlineData("a\r\nSet-Cookie: x=1", "a__Set-Cookie: x=1")]
    [InlineData("C:\\Windows\\evil.exe", "C:_Windows_evil.exe")]
    [InlineData("   ", AttachmentDisposition.FallbackName)]
    [InlineData(null, AttachmentDisposition.FallbackName)]
    [InlineData("..", AttachmentDisposition.FallbackName)]
    public void Clean_PathsAndControlCharacters_Removed(string? name, string expected) =>
        Assert.Equal(expected, AttachmentDisposition.Clean(name));

    [Fact]
    public void Clean_LongNameEndingInEmoji_NeverSplitsASurrogatePair()
    {
        var name = new string('a', 199) + "😀.pdf";

        var cleaned = AttachmentDisposition.Clean(name);

        Assert.Equal(new string('a', 199), cleaned);
    }
}
