using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class FileKeyTests
{
    [Theory]
    [InlineData("guide.pdf")]
    [InlineData("ebooks/2030/guide-v2_final.pdf")]
    [InlineData("A/b/C.d.e")]
    public void IsValid_SafeKeys_True(string key) => Assert.True(FileKey.IsValid(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../x")]
    [InlineData("a/./x")]
    [InlineData("/abs")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("a b")]
    [InlineData("ü.pdf")]
    [InlineData("a%2e")]
    [InlineData("a\0b")]
    public void IsValid_UnsafeKeys_False(string? key) => Assert.False(FileKey.IsValid(key));

    [Fact]
    public void IsValid_TooLong_False() => Assert.False(FileKey.IsValid(new string('a', FileKey.MaxLength + 1)));

    [Fact]
    public void IsValid_SegmentLongerThanAFileNameCanBe_False()
    {
        Assert.True(FileKey.IsValid("files/" + new string('a', FileKey.MaxSegmentLength)));
        Assert.False(FileKey.IsValid("files/" + new string('a', FileKey.MaxSegmentLength + 1)));
    }
}
