using System.Net;
using System.Text;
using System.Text.Json;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

public sealed class LocalFileStoreTests
{
    private static readonly string[] Fields = ["expires", "ref", "name", "sig"];

    [Fact]
    public async Task Get_ValidMintedUrl_ServesExactBytesAsAttachment()
    {
        await using var server = await LocalFileServer.StartAsync();
        var bytes = RandomBytes(10_000);
        var key = await PutAsync(server, bytes, "application/pdf");

        var minted = server.Store.MintDownloadUrl(Request(server, key, "Guide.pdf"));
        using var response = await server.Http.GetAsync(minted.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Guide.pdf", response.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_DefaultValidity_ExpiresFiveMinutesAfterNowInTheUrlShape()
    {
        await using var server = await LocalFileServer.StartAsync();
        var now = server.Clock.GetUtcNow();

        var minted = server.Store.MintDownloadUrl(new FileDownloadRequest("ebooks/a.pdf", "a.pdf", "cust-1", "ord-1", "ent-1", now));

        Assert.Equal(now.AddMinutes(5), minted.ExpiresAt);
        Assert.StartsWith($"{server.Http.BaseAddress!.AbsoluteUri}files/ebooks/a.pdf?expires={now.AddMinutes(5).ToUnixTimeSeconds()}&ref=", minted.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("&name=a.pdf&sig=", minted.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_DifferentCustomerOrOrder_GivesDifferentReference()
    {
        await using var server = await LocalFileServer.StartAsync();
        var now = server.Clock.GetUtcNow();

        var a = Query(server.Store.MintDownloadUrl(new FileDownloadRequest("k.pdf", "k.pdf", "cust-1", "ord-1", "ent-1", now)).Url);
        var b = Query(server.Store.MintDownloadUrl(new FileDownloadRequest("k.pdf", "k.pdf", "cust-2", "ord-1", "ent-1", now)).Url);
        var c = Query(server.Store.MintDownloadUrl(new FileDownloadRequest("k.pdf", "k.pdf", "cust-1", "ord-2", "ent-1", now)).Url);

        Assert.Equal(3, new[] { a["ref"], b["ref"], c["ref"] }.Distinct().Count());
        Assert.Equal(DeliveryRef.For("cust-1", "ord-1", "ent-1"), a["ref"]);
    }

    [Fact]
    public async Task Get_NonAsciiFileName_SendsFilenameStar()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(10), "application/epub+zip");

        using var response = await server.Http.GetAsync(server.Store.MintDownloadUrl(Request(server, key, "Kitabu cha Mapishi – Ñandú.epub")).Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("Kitabu cha Mapishi – Ñandú.epub", disposition.FileNameStar);
        Assert.True(Ascii.IsValid(disposition.FileName!), disposition.FileName);
    }

    [Theory]
    [InlineData("expires")]
    [InlineData("ref")]
    [InlineData("name")]
    [InlineData("sig")]
    public async Task Get_TamperedField_RefusedLinkInvalid(string field)
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;
        var query = Query(url);
        query[field] = field == "expires" ? (long.Parse(query[field]) + 3600).ToString() : Tamper(query[field]);

        using var response = await server.Http.GetAsync(With(url, url.AbsolutePath, query));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Fact]
    public async Task Get_UrlSignedForAnotherKey_RefusedLinkInvalid()
    {
        await using var server = await LocalFileServer.StartAsync();
        var mine = await PutAsync(server, RandomBytes(100), "application/zip");
        var other = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, mine, "setup.zip")).Url;

        using var response = await server.Http.GetAsync(With(url, "/files/" + other, Query(url)));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Theory]
    [InlineData("expires")]
    [InlineData("ref")]
    [InlineData("name")]
    [InlineData("sig")]
    public async Task Get_MissingField_RefusedLinkInvalid(string field)
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;
        var query = Query(url);
        query.Remove(field);

        using var response = await server.Http.GetAsync(With(url, url.AbsolutePath, query));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("!!!")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Get_SignatureNotBase64Url_RefusedLinkInvalid(string signature)
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;
        var query = Query(url);
        query["sig"] = signature;

        using var response = await server.Http.GetAsync(With(url, url.AbsolutePath, query));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Fact]
    public async Task Get_RepeatedField_RefusedLinkInvalid()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;

        using var response = await server.Http.GetAsync(new Uri(url.AbsoluteUri + "&name=evil.exe"));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Fact]
    public async Task Get_AfterExpiry_RefusedLinkExpired()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var minted = server.Store.MintDownloadUrl(Request(server, key, "setup.zip") with { Validity = TimeSpan.FromMinutes(5) });

        server.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        using (var before = await server.Http.GetAsync(minted.Url))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await server.Http.GetAsync(minted.Url);

        await AssertRefusedAsync(after, HttpStatusCode.Forbidden, FileErrorCodes.LinkExpired);
    }

    [Fact]
    public async Task Get_ExpiredAndTampered_RefusedAsInvalidNotExpired()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;
        var query = Query(url);
        query["name"] = "other.zip";
        server.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await server.Http.GetAsync(With(url, url.AbsolutePath, query));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, FileErrorCodes.LinkInvalid);
    }

    [Fact]
    public async Task Get_FileDeletedAfterMinting_NotFound()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, RandomBytes(100), "application/zip");
        var url = server.Store.MintDownloadUrl(Request(server, key, "setup.zip")).Url;
        File.Delete(Path.Combine(server.Store.RootPath, key));

        using var response = await server.Http.GetAsync(url);

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, FileErrorCodes.FileNotFound);
    }

    [Theory]
    [InlineData("/files/../secret.txt")]
    [InlineData("/files/%2e%2e/secret.txt")]
    [InlineData("/files/%2E%2E%2Fsecret.txt")]
    [InlineData("/files/ok/..%2F..%2Fsecret.txt")]
    [InlineData("/files/..%5Csecret.txt")]
    [InlineData("/files/.meta/x.type")]
    public async Task Get_PathTraversal_NeverServesOutsideTheStore(string path)
    {
        await using var server = await LocalFileServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Directory, "secret.txt"), "outside the store");
        var url = server.Store.MintDownloadUrl(Request(server, "ok/file.txt", "file.txt")).Url;

        using var response = await server.Http.GetAsync(new Uri(server.Http.BaseAddress!, path + url.Query));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("outside the store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("a/../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\secret.txt")]
    [InlineData(".meta/x")]
    [InlineData("a//b")]
    [InlineData("")]
    public async Task Put_TraversalOrInvalidKey_RefusedNothingWritten(string key)
    {
        await using var server = await LocalFileServer.StartAsync();

        var result = await server.Store.PutAsync(key, new MemoryStream([1, 2, 3]), "text/plain", 3, default);

        Assert.Equal(FileErrorCodes.InvalidFileKey, result.ErrorCode);
        Assert.False(File.Exists(Path.Combine(server.Directory, "secret.txt")));
        Assert.Throws<ArgumentException>(() => server.Store.MintDownloadUrl(Request(server, key, "x")));
    }

    [Fact]
    public async Task Put_OverLimitWhileStreaming_RefusedNothingStored()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = NewKey();
        using var body = new NonSeekableStream(RandomBytes((int)LocalFileServer.MaxUploadBytes + 1));

        var result = await server.Store.PutAsync(key, body, "application/zip", length: null, default);

        Assert.False(result.Stored);
        Assert.Equal(FileErrorCodes.FileTooLarge, result.ErrorCode);
        Assert.False(await server.Store.ExistsAsync(key));
        Assert.Empty(Directory.EnumerateFiles(server.Store.RootPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Put_DeclaredLengthOverLimit_RefusedBeforeReading()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = NewKey();
        using var body = new NonSeekableStream([1, 2, 3]);

        var result = await server.Store.PutAsync(key, body, "application/zip", LocalFileServer.MaxUploadBytes + 1, default);

        Assert.Equal(FileErrorCodes.FileTooLarge, result.ErrorCode);
        Assert.Equal(0, body.BytesRead);
        Assert.False(await server.Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_OverLimitReplacingAnExistingFile_LeavesThePreviousVersion()
    {
        await using var server = await LocalFileServer.StartAsync();
        var original = RandomBytes(100);
        var key = await PutAsync(server, original, "application/pdf");

        var result = await server.Store.PutAsync(key, new NonSeekableStream(RandomBytes((int)LocalFileServer.MaxUploadBytes + 10)), "text/plain", null, default);

        Assert.Equal(FileErrorCodes.FileTooLarge, result.ErrorCode);
        using var response = await server.Http.GetAsync(server.Store.MintDownloadUrl(Request(server, key, "a.pdf")).Url);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Put_ExactlyAtLimit_Stored()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = NewKey();

        var result = await server.Store.PutAsync(key, new NonSeekableStream(RandomBytes((int)LocalFileServer.MaxUploadBytes)), "application/zip", null, default);

        Assert.True(result.Stored, result.Error);
        Assert.Equal(LocalFileServer.MaxUploadBytes, result.Length);
        Assert.True(await server.Store.ExistsAsync(key));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(101)]
    public async Task Put_BodyDiffersFromDeclaredLength_RefusedNothingStored(long declared)
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = NewKey();

        var result = await server.Store.PutAsync(key, new NonSeekableStream(RandomBytes(100)), "application/zip", declared, default);

        Assert.Equal(FileErrorCodes.LengthMismatch, result.ErrorCode);
        Assert.False(await server.Store.ExistsAsync(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a type")]
    [InlineData("*/*")]
    public async Task Put_MissingOrInvalidContentType_Refused(string contentType)
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = NewKey();

        var result = await server.Store.PutAsync(key, new MemoryStream([1]), contentType, 1, default);

        Assert.Equal(FileErrorCodes.MissingContentType, result.ErrorCode);
        Assert.False(await server.Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_KeyUnderAnExistingFile_RefusedNotThrown()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = await PutAsync(server, [1], "text/plain");

        var result = await server.Store.PutAsync(key + "/child.txt", new MemoryStream([2]), "text/plain", 1, default);

        Assert.Equal(FileErrorCodes.InvalidFileKey, result.ErrorCode);
    }

    [Fact]
    public async Task Get_FileCopiedInByHand_ContentTypeFromExtension()
    {
        await using var server = await LocalFileServer.StartAsync();
        var key = $"manual/{Guid.NewGuid():N}.pdf";
        Directory.CreateDirectory(Path.Combine(server.Store.RootPath, "manual"));
        await File.WriteAllBytesAsync(Path.Combine(server.Store.RootPath, key), [37, 80, 68, 70]);

        using var response = await server.Http.GetAsync(server.Store.MintDownloadUrl(Request(server, key, "book.pdf")).Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Exists_MissingOrInvalidKey_False()
    {
        await using var server = await LocalFileServer.StartAsync();

        Assert.False(await server.Store.ExistsAsync(NewKey()));
        Assert.False(await server.Store.ExistsAsync("../x"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60 * 24 * 8)]
    public async Task Mint_ValidityOutOfRange_Throws(int minutes)
    {
        await using var server = await LocalFileServer.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(
            () => server.Store.MintDownloadUrl(Request(server, "a.pdf", "a.pdf") with { Validity = TimeSpan.FromMinutes(minutes) }));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private static async Task<string> PutAsync(LocalFileServer server, byte[] bytes, string contentType)
    {
        var key = NewKey();
        var result = await server.Store.PutAsync(key, new NonSeekableStream(bytes), contentType, bytes.Length, default);
        Assert.True(result.Stored, result.Error);
        return key;
    }

    private static FileDownloadRequest Request(LocalFileServer server, string key, string name) =>
        new(key, name, "cust-" + Guid.NewGuid().ToString("N"), "ord-1", "ent-1", server.Clock.GetUtcNow());

    private static string NewKey() => $"products/{Guid.NewGuid():N}/file.bin";

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static Dictionary<string, string> Query(Uri url) =>
        url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    private static Uri With(Uri url, string path, Dictionary<string, string> query) =>
        new(url, path + "?" + string.Join('&', query.Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value))));

    // Changes one character without changing the field's length or alphabet.
    private static string Tamper(string value) => (value[0] == 'A' ? 'B' : 'A') + value[1..];
}
