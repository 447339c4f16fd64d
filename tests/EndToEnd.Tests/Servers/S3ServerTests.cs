using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Servers;

public sealed class S3ServerTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PutObject_WithoutChunkEncoding_GetReturnsSameBytes()
    {
        var server = await S3Server.Shared;
        var bucket = await NewBucketAsync(server);
        using var client = server.CreateClient();
        var body = "license key: " + Guid.NewGuid();

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "files/readme.txt",
            ContentBody = body,
            ContentType = "text/plain",
            UseChunkEncoding = false,
        });

        using var response = await client.GetObjectAsync(bucket, "files/readme.txt");
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        Assert.Equal(body, await reader.ReadToEndAsync());
        Assert.Equal("text/plain", response.Headers.ContentType);
    }

    [Fact]
    public async Task GetObject_MissingKey_IsNotFound()
    {
        var server = await S3Server.Shared;
        var bucket = await NewBucketAsync(server);
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(bucket, "nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task PresignedGet_BeforeAndAfterExpiry_ServesThenRefuses()
    {
        var server = await S3Server.Shared;
        var bucket = await NewBucketAsync(server);
        using var client = server.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "code.txt", ContentBody = "ABCD-1234", UseChunkEncoding = false });
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "code.txt",
            Verb = HttpVerb.GET,
            Protocol = Protocol.HTTP,
            Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2),
        });
        using var http = new HttpClient();

        using (var fresh = await http.GetAsync(new Uri(url)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.Equal("ABCD-1234", await fresh.Content.ReadAsStringAsync());
        }

        // The server's own clock decides expiry; ask it until it says so.
        string refusal = string.Empty;
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri(url));
                refusal = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.Forbidden;
            },
            Bounded,
            "the pre-signed URL to expire",
            TimeSpan.FromMilliseconds(100));
        Assert.Contains("Request has expired", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_PrivateServer_IsSeparateFromShared()
    {
        var shared = await S3Server.Shared;
        var bucket = await NewBucketAsync(shared);
        await using var own = await S3Server.CreateAsync();
        using var client = own.CreateClient();

        Assert.NotEqual(shared.ServiceUrl, own.ServiceUrl);
        var buckets = await client.ListBucketsAsync();
        Assert.DoesNotContain(buckets.Buckets ?? [], b => b.BucketName == bucket);
    }

    private static async Task<string> NewBucketAsync(S3Server server)
    {
        var name = $"test-{Guid.NewGuid():N}";
        await server.CreateBucketAsync(name);
        return name;
    }
}
