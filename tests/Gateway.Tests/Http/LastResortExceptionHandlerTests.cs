using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Tests.Http;

public sealed class LastResortExceptionHandlerTests
{
    private const string Internals = "connection to 10.0.0.7 failed for user od_admin";

    [Fact]
    public async Task TryHandle_UnexpectedException_500ProblemWithoutAnythingOfTheException()
    {
        var (context, body) = Context();

        Assert.True(await Handler().TryHandleAsync(context, new InvalidOperationException(Internals), CancellationToken.None));

        var text = body();
        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal("internal_error", (string?)JsonNode.Parse(text)!["code"]);
        Assert.DoesNotContain(Internals, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandle_StoreUnreachable_503WithRetryAfterAndNoDetails()
    {
        var (context, body) = Context();

        await Handler().TryHandleAsync(context, new NpgsqlException(Internals, new SocketException((int)SocketError.ConnectionRefused)), CancellationToken.None);

        var text = body();
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(LastResortExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("store_unavailable", (string?)JsonNode.Parse(text)!["code"]);
        Assert.DoesNotContain(Internals, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandle_UnreadableRequest_KeepsItsStatus()
    {
        var (context, body) = Context();

        await Handler().TryHandleAsync(context, new BadHttpRequestException("Failed to bind parameter \"long? before\" from \"abc\".", 400), CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        var text = body();
        Assert.Equal("bad_request", (string?)JsonNode.Parse(text)!["code"]);
        Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("08006", true)]
    [InlineData("53300", true)]
    [InlineData("57P01", true)]
    [InlineData("57014", true)]
    [InlineData("40001", true)]
    [InlineData("22021", false)]
    [InlineData("23505", false)]
    [InlineData("42P01", false)]
    public void IsStoreUnavailable_PostgresErrors_OnlyTransientOnes(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, LastResortExceptionHandler.IsStoreUnavailable(new PostgresException("message", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void IsStoreUnavailable_WrappedTimeout_True() =>
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new InvalidOperationException("outer", new TimeoutException("pool exhausted"))));

    [Fact]
    public void IsStoreUnavailable_FileStoreServiceDownOrUnreachable_True()
    {
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new Amazon.S3.AmazonS3Exception("slow down") { StatusCode = System.Net.HttpStatusCode.ServiceUnavailable }));
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new Amazon.Runtime.AmazonServiceException("unreachable", new HttpRequestException("refused"))));
        Assert.False(LastResortExceptionHandler.IsStoreUnavailable(new Amazon.S3.AmazonS3Exception("denied") { StatusCode = System.Net.HttpStatusCode.Forbidden }));
    }

    [Fact]
    public void IsStoreUnavailable_EncodingFailure_False() =>
        Assert.False(LastResortExceptionHandler.IsStoreUnavailable(new EncoderFallbackException("lone surrogate")));

    private static LastResortExceptionHandler Handler() => new(NullLogger<LastResortExceptionHandler>.Instance);

    private static (DefaultHttpContext Context, Func<string> Body) Context()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var stream = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = stream;
        return (context, () => Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void IsStoreUnavailable_TheClusterCouldNotTakeTheCall_IsUnavailable()
    {
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new Orleans.Runtime.SiloUnavailableException("no silo")));
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new Orleans.Runtime.OrleansException("no gateway to send the message to")));
        Assert.True(LastResortExceptionHandler.IsStoreUnavailable(new Orleans.Storage.InconsistentStateException("stale etag", "1", "2")));
    }
}
