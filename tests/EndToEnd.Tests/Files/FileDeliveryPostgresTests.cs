using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>
/// Digital files end to end on a PostgreSQL cluster (three silos, three gateways) with S3 and SMTP on loopback: a
/// paid order's email, its durable link and download page, the counted download action, the account, resend and
/// refund.
/// </summary>
public sealed partial class FileDeliveryPostgresTests(S3ShopFixture fixture) : IClassFixture<S3ShopFixture>
{
    // The secret the test cluster signs links with (TestCluster.Settings).
    private const string TestClusterLinkSecret = "test-cluster-link-secret-0123456789abcdef";

    private FileShop Shop => fixture.Shop;

    [Fact]
    public async Task PaidFileOrder_DownloadNowThenDownloadAction_FetchesExactBytesFromS3()
    {
        var product = await Shop.AddFileProductAsync(FileShop.RandomBytes(150_000), downloadLimit: 3);
        var email = FileShop.Email();
        var orderId = await Shop.PlaceOrderAsync(email, product);

        await Shop.PayAsync(orderId, product);

        var mail = Assert.Single(await Shop.MailToAsync(email));
        Assert.Contains(product.Name, mail.Text, StringComparison.Ordinal);
        Assert.Contains(FileShop.StoreName, mail.Text, StringComparison.Ordinal);
        var link = Assert.Single(FileShop.DownloadLinks(mail));
        using var page = await Shop.Http.GetAsync(Shop.OnGateway(link));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(product.Name, html, StringComparison.Ordinal);
        Assert.Contains("3 of 3 left", html, StringComparison.Ordinal);
        Assert.Matches("<form method=\"post\">\\s*<button type=\"submit\">Download now</button>", html);

        using var action = await Shop.Http.PostAsync(Shop.OnGateway(link), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, action.StatusCode);
        var fileUrl = action.Headers.Location!;
        Assert.StartsWith((await S3Server.Shared).ServiceUrl + "/", fileUrl.AbsoluteUri, StringComparison.Ordinal);
        using var s3 = new HttpClient();
        using var file = await s3.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(product.Bytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Field Guide.pdf", file.Content.Headers.ContentDisposition!.FileName);

        var customerId = FileShop.CustomerIdOf(email);
        var entitlement = Assert.Single((await Shop.CustomerAsync(customerId)).Entitlements);
        Assert.Equal((1, 2, $"{orderId}:{product.Sku}"), (entitlement.Used, entitlement.Left, entitlement.EntitlementId));
        var minted = Assert.Single(await Shop.DownloadsOfAsync(customerId));
        Assert.Equal((orderId, entitlement.EntitlementId, 1, 2), (minted.OrderId, minted.EntitlementId, minted.Used, minted.Left));
        Assert.Equal("127.0.0.1", minted.ClientAddress);
    }

    [Fact]
    public async Task DownloadLink_OpenedManyTimes_SpendsNoDownload()
    {
        var (product, email, _) = await PaidOrderAsync(downloadLimit: 2);
        var link = Assert.Single(FileShop.DownloadLinks(Assert.Single(await Shop.MailToAsync(email))));
        var customerId = FileShop.CustomerIdOf(email);

        for (var i = 0; i < 12; i++)
        {
            // A scanner, a link preview and the buyer, on every gateway, with GET and HEAD.
            using var request = new HttpRequestMessage(i % 4 == 3 ? HttpMethod.Head : HttpMethod.Get, Shop.OnGateway(link, i % Shop.Gateways.Count));
            using var response = await Shop.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, Assert.Single((await Shop.CustomerAsync(customerId)).Entitlements).Used);
        Assert.Empty(await Shop.DownloadsOfAsync(customerId));

        using var action = await Shop.Http.PostAsync(Shop.OnGateway(link), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, action.StatusCode);
        Assert.Equal(1, Assert.Single((await Shop.CustomerAsync(customerId)).Entitlements).Used);
        Assert.Contains("1 of 2 left", await Shop.Http.GetStringAsync(Shop.OnGateway(link)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountLink_ListsDigitalProductsAndItsDownloadActionCounts()
    {
        var (first, email, firstOrder) = await PaidOrderAsync(downloadLimit: 3);
        var second = await Shop.AddFileProductAsync(FileShop.RandomBytes(2_000), downloadLimit: null);
        Shop.Cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var secondOrder = await Shop.PlaceOrderAsync(email, second);
        await Shop.PayAsync(secondOrder, second);
        var account = FileShop.AccountLink((await Shop.MailToAsync(email))[^1]);

        using var page = await Shop.Http.GetAsync(Shop.OnGateway(account));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("<h1 id=\"title\">Digital Products</h1>", html, StringComparison.Ordinal);
        Assert.Contains(FileShop.StoreName, html, StringComparison.Ordinal);
        Assert.Contains($"mailto:{FileShop.SupportEmail}", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(second.Name, StringComparison.Ordinal) < html.IndexOf(first.Name, StringComparison.Ordinal), "newest first");
        Assert.Contains("Downloads left: <strong>3 of 3 left</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Downloads left: <strong>Unlimited</strong>", html, StringComparison.Ordinal);
        var actions = FormAction().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, actions.Count);

        // The first product's button, as the browser submits it: a POST to its durable link.
        using var action = await Shop.Http.PostAsync(new Uri(Shop.Gateway, actions[1]), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, action.StatusCode);
        using var s3 = new HttpClient();
        Assert.Equal(first.Bytes, await s3.GetByteArrayAsync(action.Headers.Location));
        var entitlements = (await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements;
        Assert.Equal(1, entitlements.Single(e => e.OrderId == firstOrder).Used);
        Assert.Equal(0, entitlements.Single(e => e.OrderId == secondOrder).Used);
        Assert.Contains("2 of 3 left", await Shop.Http.GetStringAsync(Shop.OnGateway(account)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountApi_MagicLinkAndStorefrontKey_ListEntitlementsAndMintWithinTheLimit()
    {
        var (product, email, orderId) = await PaidOrderAsync(downloadLimit: 1);
        var customerId = FileShop.CustomerIdOf(email);
        var token = FileShop.AccountLink(Assert.Single(await Shop.MailToAsync(email))).Segments[^1];
        var entitlementId = $"{orderId}:{product.Sku}";

        var viaLink = await Shop.Http.GetFromJsonAsync<JsonElement>(new Uri(Shop.Gateway, $"/api/account/{token}"));
        using var listRequest = Storefront(HttpMethod.Get, $"/api/customers/{Uri.EscapeDataString(customerId)}/entitlements");
        using var viaKey = await Shop.Http.SendAsync(listRequest);
        var listed = await viaKey.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, viaKey.StatusCode);
        foreach (var answer in (JsonElement[])[viaLink, listed])
        {
            Assert.Equal(customerId, answer.GetProperty("customerId").GetString());
            var item = Assert.Single(answer.GetProperty("entitlements").EnumerateArray().ToList());
            Assert.Equal(entitlementId, item.GetProperty("entitlementId").GetString());
            Assert.Equal(product.Name, item.GetProperty("productName").GetString());
            Assert.Equal(product.FileName, item.GetProperty("fileName").GetString());
            Assert.Equal(1, item.GetProperty("left").GetInt32());
            Assert.StartsWith(FileShop.PublicBaseUrl + "/download/", item.GetProperty("downloadLink").GetString(), StringComparison.Ordinal);
        }

        using var mint = await Shop.Http.PostAsync(new Uri(Shop.Gateway, $"/api/account/{token}/entitlements/{Uri.EscapeDataString(entitlementId)}/downloads"), null);
        var issued = await mint.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, mint.StatusCode);
        Assert.Equal(Shop.Cluster.Time.GetUtcNow().AddMinutes(5), issued.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(0, issued.GetProperty("entitlement").GetProperty("left").GetInt32());
        using var s3 = new HttpClient();
        Assert.Equal(product.Bytes, await s3.GetByteArrayAsync(issued.GetProperty("url").GetString()));

        using var again = Storefront(HttpMethod.Post, $"/api/customers/{Uri.EscapeDataString(customerId)}/entitlements/{Uri.EscapeDataString(entitlementId)}/downloads");
        using var refused = await Shop.Http.SendAsync(again);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("download_limit_reached", problem.GetProperty("code").GetString());
        Assert.Contains(FileShop.SupportEmail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single((await Shop.CustomerAsync(customerId)).Entitlements).Used);

        using var anonymous = await Shop.Http.GetAsync(new Uri(Shop.Gateway, $"/api/customers/{Uri.EscapeDataString(customerId)}/entitlements"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AnotherCustomersEntitlement_CannotBeObtained()
    {
        var (product, victim, victimOrder) = await PaidOrderAsync(downloadLimit: 5);
        var (_, buyer, _) = await PaidOrderAsync(downloadLimit: 5);
        var victimEntitlement = $"{victimOrder}:{product.Sku}";
        var buyerMail = Assert.Single(await Shop.MailToAsync(buyer));
        var buyerAccount = FileShop.AccountLink(buyerMail).Segments[^1];

        // The buyer's own download link, re-pointed at the victim's entitlement: its signature no longer matches.
        var forged = Reword(Assert.Single(FileShop.DownloadLinks(buyerMail)).Segments[^1], "e", victimEntitlement);
        using var forgedPage = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/download/" + forged));
        using var forgedAction = await Shop.Http.PostAsync(new Uri(Shop.Gateway, "/download/" + forged), new FormUrlEncodedContent([]));
        using var viaAccount = await Shop.Http.PostAsync(
            new Uri(Shop.Gateway, $"/api/account/{buyerAccount}/entitlements/{Uri.EscapeDataString(victimEntitlement)}/downloads"), null);
        using var viaStorefront = Storefront(HttpMethod.Post, $"/api/customers/{Uri.EscapeDataString(FileShop.CustomerIdOf(buyer))}/entitlements/{Uri.EscapeDataString(victimEntitlement)}/downloads");
        using var storefrontAnswer = await Shop.Http.SendAsync(viaStorefront);
        var accountPage = await Shop.Http.GetStringAsync(new Uri(Shop.Gateway, "/account/" + buyerAccount));

        Assert.Equal(HttpStatusCode.NotFound, forgedPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedAction.StatusCode);
        Assert.Contains("This link doesn’t work", await forgedAction.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, viaAccount.StatusCode);
        Assert.Equal("unknown_entitlement", (await viaAccount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, storefrontAnswer.StatusCode);
        Assert.DoesNotContain(victimOrder, accountPage, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single((await Shop.CustomerAsync(FileShop.CustomerIdOf(victim))).Entitlements).Used);
        Assert.Empty(await Shop.DownloadsOfAsync(FileShop.CustomerIdOf(victim)));
    }

    [Fact]
    public async Task TamperedAccountLink_IsRefused()
    {
        var (_, email, _) = await PaidOrderAsync(downloadLimit: 5);
        var (_, other, _) = await PaidOrderAsync(downloadLimit: 5);
        var token = FileShop.AccountLink(Assert.Single(await Shop.MailToAsync(email))).Segments[^1];
        var tampered = Reword(token, "c", FileShop.CustomerIdOf(other));
        var flipped = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        foreach (var bad in (string[])[tampered, flipped, token[..^10], "v1.abc.def.ghi"])
        {
            using var page = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/account/" + bad));
            using var api = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/api/account/" + bad));
            var html = await page.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("This link doesn’t work", html, StringComparison.Ordinal);
            Assert.Contains($"mailto:{FileShop.SupportEmail}", html, StringComparison.Ordinal);
            Assert.DoesNotContain(other, html, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("link_invalid", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        // A genuine account link past its expiry (magic links the store hands out may carry one).
        var expired = new Gateway.Pages.LinkTokens([TestClusterLinkSecret])
            .CreateAccount(FileShop.CustomerIdOf(email), Shop.Cluster.Time.GetUtcNow().AddMinutes(-1));
        using var expiredPage = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/account/" + expired));
        using var expiredApi = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/api/account/" + expired));
        Assert.Equal(HttpStatusCode.Forbidden, expiredPage.StatusCode);
        Assert.Contains("This link has expired", await expiredPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("link_expired", (await expiredApi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var genuine = await Shop.Http.GetAsync(new Uri(Shop.Gateway, "/account/" + token));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task DownloadAction_FiftyAtOnceAcrossGatewaysWithLimitThree_MintsExactlyThree()
    {
        var (_, email, _) = await PaidOrderAsync(downloadLimit: 3);
        var link = Assert.Single(FileShop.DownloadLinks(Assert.Single(await Shop.MailToAsync(email))));
        var customerId = FileShop.CustomerIdOf(email);
        using var start = new SemaphoreSlim(0);

        var actions = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await Shop.Http.PostAsync(Shop.OnGateway(link, i % Shop.Gateways.Count), new FormUrlEncodedContent([]));
            return (response.StatusCode, Location: response.Headers.Location, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(actions.Count);
        var answers = await Task.WhenAll(actions);

        var minted = answers.Where(a => a.StatusCode == HttpStatusCode.SeeOther).ToList();
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.Forbidden).ToList();
        Assert.True(minted.Count == 3, string.Join(", ", answers.GroupBy(a => a.StatusCode).Select(g => $"{g.Count()} × {(int)g.Key}")) + answers.FirstOrDefault(a => (int)a.StatusCode >= 500).Body);
        var s3 = (await S3Server.Shared).ServiceUrl + "/";
        Assert.All(minted, a => Assert.StartsWith(s3, a.Location!.AbsoluteUri, StringComparison.Ordinal));
        Assert.Equal(47, refused.Count);
        Assert.All(refused, r => Assert.Contains("Download limit reached", r.Body, StringComparison.Ordinal));
        Assert.All(refused, r => Assert.Contains($"mailto:{FileShop.SupportEmail}", r.Body, StringComparison.Ordinal));
        var entitlement = Assert.Single((await Shop.CustomerAsync(customerId)).Entitlements);
        Assert.Equal((3, 0), (entitlement.Used, entitlement.Left));
        Assert.Equal(3, (await Shop.DownloadsOfAsync(customerId)).Count);
    }

    [Fact]
    public async Task FailedPayment_NoEmailNoEntitlement_OrderStaysPayable()
    {
        var product = await Shop.AddFileProductAsync(FileShop.RandomBytes(1_000), downloadLimit: 3);
        var email = FileShop.Email();
        var orderId = await Shop.PlaceOrderAsync(email, product);

        await Shop.PayAsync(orderId, product, succeeded: false);

        Assert.Empty(await Shop.MailToAsync(email));
        Assert.Empty((await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements);
        Assert.Equal("pending_payment", (await Shop.AdminAsync(HttpMethod.Get, $"/admin/orders/{orderId}")).GetProperty("status").GetString());

        await Shop.PayAsync(orderId, product);
        Assert.Single(await Shop.MailToAsync(email));
        Assert.Single((await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements);
    }

    [Fact]
    public async Task Resend_SecondEmailInTheDeliveryLog_SpendsNoDownload()
    {
        var (_, email, orderId) = await PaidOrderAsync(downloadLimit: 3);
        var first = Assert.Single(await Shop.MailToAsync(email));

        await Shop.AdminAsync(HttpMethod.Post, $"/admin/orders/{orderId}/resend");
        await Shop.Cluster.DrainAsync();

        var mails = await Shop.MailToAsync(email);
        Assert.Equal(2, mails.Count);
        Assert.Equal(FileShop.DownloadLinks(first), FileShop.DownloadLinks(mails[1]));
        var order = await Shop.AdminAsync(HttpMethod.Get, $"/admin/orders/{orderId}");
        var log = order.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToList();
        Assert.Contains("resent", log);
        var stream = (await Shop.AdminAsync(HttpMethod.Get, "/admin/deliveries?limit=500")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("grain").GetString() == orderId)
            .Select(i => $"{i.GetProperty("entry").GetProperty("kind").GetString()} by {i.GetProperty("entry").GetProperty("channel").GetString()}")
            .ToList();
        Assert.Equal(["resent by email", "delivered by email", "delivered by account"], stream);
        Assert.Equal(0, Assert.Single((await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements).Used);
        Assert.Empty(await Shop.DownloadsOfAsync(FileShop.CustomerIdOf(email)));
    }

    [Fact]
    public async Task Refund_DownloadLinkRefusesWithAClearPage()
    {
        var (product, email, orderId) = await PaidOrderAsync(downloadLimit: 3);
        var link = Assert.Single(FileShop.DownloadLinks(Assert.Single(await Shop.MailToAsync(email))));
        using (var before = await Shop.Http.PostAsync(Shop.OnGateway(link), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, before.StatusCode);
        }

        await Shop.AdminAsync(HttpMethod.Post, $"/admin/orders/{orderId}/refund", new { reason = "customer asked" });
        await Shop.Cluster.DrainAsync();

        using var page = await Shop.Http.GetAsync(Shop.OnGateway(link));
        using var action = await Shop.Http.PostAsync(Shop.OnGateway(link), new FormUrlEncodedContent([]));
        var html = await action.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, action.StatusCode);
        Assert.Null(action.Headers.Location);
        Assert.Contains("This download is no longer available", html, StringComparison.Ordinal);
        Assert.Contains("was refunded", html, StringComparison.Ordinal);
        Assert.Contains(product.Name, html, StringComparison.Ordinal);
        Assert.Contains($"mailto:{FileShop.SupportEmail}", html, StringComparison.Ordinal);
        Assert.Contains(orderId, html, StringComparison.Ordinal);
        var entitlement = Assert.Single((await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements);
        Assert.Equal((true, 1), (entitlement.Revoked, entitlement.Used));
    }

    [Fact]
    public async Task DownloadAction_FileNotInTheStore_RefusedWithoutCounting()
    {
        var (product, email, orderId) = await PaidOrderAsync(downloadLimit: 3);
        var link = Assert.Single(FileShop.DownloadLinks(Assert.Single(await Shop.MailToAsync(email))));
        // The product's file is deleted from the bucket behind the store's back.
        using (var s3 = (await S3Server.Shared).CreateClient())
        {
            await s3.DeleteObjectAsync(fixture.Bucket, product.FileKey);
        }

        using var action = await Shop.Http.PostAsync(Shop.OnGateway(link), new FormUrlEncodedContent([]));
        var html = await action.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, action.StatusCode);
        Assert.Null(action.Headers.Location);
        Assert.Contains("Nothing was counted", html, StringComparison.Ordinal);
        Assert.Contains(orderId, html, StringComparison.Ordinal);
        Assert.Contains($"mailto:{FileShop.SupportEmail}", html, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single((await Shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements).Used);
    }

    [Fact]
    public async Task AdminUpload_BadKeyTooLargeNoContentTypeOrNoKey_ClearRefusalsAndNothingStored()
    {
        var key = $"bad/{Guid.NewGuid():N}.pdf";

        using var tooLarge = await Shop.UploadAsync(key, new byte[262_145], "application/pdf");
        using var noType = await Shop.UploadAsync(key, [1, 2, 3], contentType: null);
        using var multipart = await Shop.UploadAsync(key, [1, 2, 3], "multipart/form-data; boundary=x");
        using var badKey = await Shop.UploadAsync("bad/..%2F..%2Fetc.pdf", [1, 2, 3], "application/pdf");
        using var hidden = await Shop.UploadAsync("bad/.hidden", [1, 2, 3], "application/pdf");
        using var notAdmin = await Shop.UploadAsync(key, [1, 2, 3], "application/pdf", apiKey: FileShop.StorefrontKey);
        using var streamedTooLarge = await Shop.UploadStreamAsync(key, new MemoryStream(new byte[300_000]), "application/pdf");

        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        await AssertProblemAsync(streamedTooLarge, HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        await AssertProblemAsync(noType, HttpStatusCode.UnsupportedMediaType, "missing_content_type");
        await AssertProblemAsync(multipart, HttpStatusCode.UnsupportedMediaType, "multipart_not_supported");
        await AssertProblemAsync(badKey, HttpStatusCode.BadRequest, "invalid_file_key");
        await AssertProblemAsync(hidden, HttpStatusCode.BadRequest, "invalid_file_key");
        await AssertProblemAsync(notAdmin, HttpStatusCode.Unauthorized, "invalid_api_key");
        using var s3 = (await S3Server.Shared).CreateClient();
        var listed = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = fixture.Bucket, Prefix = "bad/" });
        Assert.Empty(listed.S3Objects ?? []);

        using var stored = await Shop.UploadAsync(key, [1, 2, 3], "application/pdf");
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var answer = await stored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((key, 3, "application/pdf"), (answer.GetProperty("key").GetString(), answer.GetProperty("length").GetInt32(), answer.GetProperty("contentType").GetString()));
    }

    private async Task<(FileProduct Product, string Email, string OrderId)> PaidOrderAsync(int? downloadLimit)
    {
        var product = await Shop.AddFileProductAsync(FileShop.RandomBytes(4_000), downloadLimit);
        var email = FileShop.Email();
        var orderId = await Shop.PlaceOrderAsync(email, product);
        await Shop.PayAsync(orderId, product);
        return (product, email, orderId);
    }

    private HttpRequestMessage Storefront(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Shop.Gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FileShop.StorefrontKey);
        return request;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    /// <summary>A link token with one field of its signed payload changed, its signature kept.</summary>
    internal static string Reword(string token, string field, string value)
    {
        var parts = token.Split('.');
        var payload = System.Text.Json.Nodes.JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]))!.AsObject();
        payload[field] = value;
        parts[2] = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return string.Join('.', parts);
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormAction();
}
