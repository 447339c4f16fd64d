using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Tests.Http;

/// <summary>
/// Reading a body whole: the same bytes whether its length is declared (small or large) or not, arriving at once or a
/// few bytes at a time, and a refusal once it passes the limit. Kestrel's own framing is covered end to end.
/// </summary>
public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(5_000, true)]
    [InlineData(64 * 1024, true)]
    [InlineData(64 * 1024 + 1, true)]
    [InlineData(300_000, true)]
    [InlineData(0, false)]
    [InlineData(5_000, false)]
    [InlineData(300_000, false)]
    public async Task ReadBytesAsync_BodyInPieces_ReturnsItsExactBytes(int size, bool declared)
    {
        var sent = RandomNumberGenerator.GetBytes(size);

        var (body, problem) = await RequestBody.ReadBytesAsync(Request(sent, declared, piece: 7_777));

        Assert.Null(problem);
        Assert.Equal(sent, body);
    }

    [Fact]
    public async Task ReadBytesAsync_DeclaredBodyArrivingAByteAtATime_ReturnsItWhole()
    {
        var sent = RandomNumberGenerator.GetBytes(300);

        var (body, _) = await RequestBody.ReadBytesAsync(Request(sent, declared: true, piece: 1));

        Assert.Equal(sent, body);
    }

    [Fact]
    public async Task ReadBytesAsync_DeclaredBodyEndingEarly_ReturnsTheBytesThatCame()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new Pieces(new byte[] { 1, 2, 3 }, 2);
        context.Request.ContentLength = 10;

        var (body, _) = await RequestBody.ReadBytesAsync(context.Request);

        Assert.Equal(new byte[] { 1, 2, 3 }, body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBytesAsync_OverTheLimit_RefusedAsTooLarge(bool declared)
    {
        var (body, problem) = await RequestBody.ReadBytesAsync(Request(new byte[1001], declared, piece: 100), limit: 1000);

        Assert.Null(body);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<ProblemHttpResult>(problem).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBytesAsync_ExactlyTheLimit_Read(bool declared)
    {
        var (body, problem) = await RequestBody.ReadBytesAsync(Request(new byte[1000], declared, piece: 300), limit: 1000);

        Assert.Null(problem);
        Assert.Equal(1000, body!.Length);
    }

    private static HttpRequest Request(byte[] bytes, bool declared, int piece)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new Pieces(bytes, piece);
        context.Request.ContentLength = declared ? bytes.Length : null;
        return context.Request;
    }

    /// <summary>A body that hands out at most <paramref name="piece"/> bytes per read, as a network does.</summary>
    private sealed class Pieces(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, piece), cancellationToken);
    }
}
