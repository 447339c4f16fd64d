using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary><see cref="S3FileStore"/> against a real S3-compatible server (s3rver) on loopback, each test in its own bucket.</summary>
public sealed class S3FileStoreTests
{
    private const long MaxUploadBytes = 256 * 1024;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task MintedUrl_AfterStreamedUpload_ServesExactBytesAsAttachment()
    {
        using var store = await NewStoreAsync();
        var bytes = RandomBytes(100_000);
        var key = $"ebooks/{Guid.NewGuid():N}/guide.pdf";

        var put = await store.PutAsync(key, new ForwardOnlyStream(bytes), "application/pdf", length: null);
        var minted = store.MintDownloadUrl(Request(key, "Guide.pdf"));
        using var http = new HttpClient();
        using var response = await http.GetAsync(minted.Url);

        Assert.True(put.Stored, put.Error);
        Assert.Equal(bytes.Length, put.Length);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Guide.pdf", response.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task MintedUrl_NonAsciiFileName_ContentDispositionHasFilenameStar()
    {
        using var store = await NewStoreAsync();
        var key = $"ebooks/{Guid.NewGuid():N}.epub";
        await store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("epub")), "application/epub+zip", 4);

        using var http = new HttpClient();
        using var response = await http.GetAsync(store.MintDownloadUrl(Request(key, "Kitabu cha Mapishi – Ñandú.epub")).Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Kitabu cha Mapishi – Ñandú.epub", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task MintedUrl_Always_CarriesSignedDeliveryReferenceAndExpiry()
    {
        using var store = await NewStoreAsync();
        var now = TimeProvider.System.GetUtcNow();

        var minted = store.MintDownloadUrl(new FileDownloadRequest("a.pdf", "a.pdf", "cust-1", "ord-1", "ent-1", now));

        var query = minted.Url.Query;
        Assert.Contains($"{S3FileStore.ReferenceParameter}={DeliveryRef.For("cust-1", "ord-1", "ent-1")}", query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=300", query, StringComparison.Ordinal);
        Assert.Contains("response-content-disposition=", query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-SignedHeaders=host", query, StringComparison.Ordinal);
        Assert.Equal(now.AddMinutes(5), minted.ExpiresAt);
        Assert.NotEqual(
            minted.Url,
            store.MintDownloadUrl(new FileDownloadRequest("a.pdf", "a.pdf", "cust-2", "ord-1", "ent-1", now)).Url);
    }

    [Fact]
    public async Task MintedUrl_AfterItsValidity_IsRefusedByTheServer()
    {
        using var store = await NewStoreAsync();
        var key = $"files/{Guid.NewGuid():N}.zip";
        await store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/zip", 3);
        var minted = store.MintDownloadUrl(Request(key, "setup.zip") with { Validity = TimeSpan.FromSeconds(2) });
        using var http = new HttpClient();

        using (var fresh = await http.GetAsync(minted.Url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        // The server's clock decides expiry: ask until it refuses, within a bound.
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(minted.Url);
                return response.StatusCode == HttpStatusCode.Forbidden;
            },
            Bounded,
            "the minted URL to expire",
            TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task MintedUrl_CallersClockIsATestClock_StillValidForItsValidityOnTheServer()
    {
        using var store = await NewStoreAsync();
        var key = $"files/{Guid.NewGuid():N}.txt";
        await store.PutAsync(key, new MemoryStream([42]), "text/plain", 1);
        var clock = new FakeTimeProvider();

        var minted = store.MintDownloadUrl(new FileDownloadRequest(key, "a.txt", "c", "o", "e", clock.GetUtcNow()));
        using var http = new HttpClient();
        using var response = await http.GetAsync(minted.Url);

        Assert.Equal(clock.Start.AddMinutes(5), minted.ExpiresAt);
        Assert.Contains("X-Amz-Expires=300", minted.Url.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Put_SeekableStreamWithDeclaredLength_Stored()
    {
        using var store = await NewStoreAsync();
        var bytes = RandomBytes(50_000);
        var key = $"installers/{Guid.NewGuid():N}.exe";

        var put = await store.PutAsync(key, new MemoryStream(bytes), "application/vnd.microsoft.portable-executable", bytes.Length);

        Assert.True(put.Stored, put.Error);
        Assert.True(await store.ExistsAsync(key));
        using var http = new HttpClient();
        Assert.Equal(bytes, await http.GetByteArrayAsync(store.MintDownloadUrl(Request(key, "setup.exe")).Url));
    }

    [Fact]
    public async Task Put_OverLimitWhileStreaming_RefusedAndNothingStored()
    {
        using var store = await NewStoreAsync();
        var key = $"files/{Guid.NewGuid():N}.bin";

        var put = await store.PutAsync(key, new ForwardOnlyStream(RandomBytes((int)MaxUploadBytes + 1)), "application/octet-stream", length: null);

        Assert.Equal(FileErrorCodes.FileTooLarge, put.ErrorCode);
        Assert.False(await store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_SeekableOverLimit_RefusedAndNothingStored()
    {
        using var store = await NewStoreAsync();
        var key = $"files/{Guid.NewGuid():N}.bin";

        var put = await store.PutAsync(key, new MemoryStream(RandomBytes((int)MaxUploadBytes + 1)), "application/octet-stream", length: null);

        Assert.Equal(FileErrorCodes.FileTooLarge, put.ErrorCode);
        Assert.False(await store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_NoContentTypeOrBadKey_Refused()
    {
        using var store = await NewStoreAsync();

        Assert.Equal(FileErrorCodes.MissingContentType, (await store.PutAsync("a.bin", new MemoryStream([1]), "", 1)).ErrorCode);
        Assert.Equal(FileErrorCodes.InvalidFileKey, (await store.PutAsync("../a.bin", new MemoryStream([1]), "text/plain", 1)).ErrorCode);
        Assert.False(await store.ExistsAsync("a.bin"));
    }

    [Fact]
    public async Task Exists_MissingKey_False()
    {
        using var store = await NewStoreAsync();

        Assert.False(await store.ExistsAsync($"nope/{Guid.NewGuid():N}"));
    }

    private static async Task<S3FileStore> NewStoreAsync()
    {
        var server = await S3Server.Shared;
        var bucket = $"files-{Guid.NewGuid():N}";
        await server.CreateBucketAsync(bucket);
        var options = new FileStoreOptions
        {
            Provider = FileStoreProvider.S3,
            MaxUploadBytes = MaxUploadBytes,
            S3 = new S3FileStoreOptions
            {
                Bucket = bucket,
                Region = S3Server.Region,
                ServiceUrl = server.ServiceUrl,
                ForcePathStyle = true,
                AccessKey = S3Server.AccessKey,
                SecretKey = S3Server.SecretKey,
            },
        };
        return new S3FileStore(Options.Create(options), NullLogger<S3FileStore>.Instance);
    }

    private static FileDownloadRequest Request(string key, string name) =>
        new(key, name, "cust-" + Guid.NewGuid().ToString("N"), "ord-1", "ent-1", TimeProvider.System.GetUtcNow());

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
