using System.Net;
using System.Text.Json;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>
/// The single-node default: the Silo host serving the gateway's endpoints on SQLite, files in a local folder served
/// through the gateway's own HMAC-signed, expiring URLs.
/// </summary>
public sealed class SingleNodeFileDeliveryTests
{
    [Fact]
    public async Task PaidFileOrder_LocalStore_DownloadsExactBytes_UrlRefusedAfterExpiryOrWhenTampered()
    {
        await using var shop = await FileShop.StartAsync(TestStore.Sqlite, silos: 1, gateways: 1, FileShop.Local());
        var product = await shop.AddFileProductAsync(FileShop.RandomBytes(70_000), downloadLimit: 2);
        var email = FileShop.Email();
        var orderId = await shop.PlaceOrderAsync(email, product);

        await shop.PayAsync(orderId, product);

        var mail = Assert.Single(await shop.MailToAsync(email));
        var link = Assert.Single(FileShop.DownloadLinks(mail));
        using (var page = await shop.Http.GetAsync(shop.OnGateway(link)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("2 of 2 left", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var action = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, action.StatusCode);
        var fileUrl = action.Headers.Location!;
        Assert.StartsWith($"{FileShop.PublicBaseUrl}/files/{product.FileKey}?", fileUrl.AbsoluteUri, StringComparison.Ordinal);
        var onGateway = shop.OnGateway(fileUrl);
        using (var file = await shop.Http.GetAsync(onGateway))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(product.Bytes, await file.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
            Assert.Equal("Field Guide.pdf", file.Content.Headers.ContentDisposition!.FileName);
        }

        Assert.True(File.Exists(Path.Combine(shop.Directory, "files", product.FileKey)));
        Assert.Equal(1, Assert.Single((await shop.CustomerAsync(FileShop.CustomerIdOf(email))).Entitlements).Used);

        // Tampered: another file, another name, a longer life, or a changed signature.
        var query = onGateway.Query;
        foreach (var tampered in (string[])[
            onGateway.AbsoluteUri.Replace(product.FileKey, product.FileKey.Replace("field-guide", "other", StringComparison.Ordinal), StringComparison.Ordinal),
            onGateway.AbsoluteUri.Replace("name=Field%20Guide.pdf", "name=evil.exe", StringComparison.Ordinal),
            onGateway.AbsoluteUri.Replace("expires=", "expires=9", StringComparison.Ordinal),
            onGateway.AbsoluteUri[..^2] + (onGateway.AbsoluteUri[^2] == 'A' ? "B" : "A") + onGateway.AbsoluteUri[^1]])
        {
            Assert.NotEqual(onGateway.AbsoluteUri, tampered);
            using var refused = await shop.Http.GetAsync(new Uri(tampered));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("link_invalid", await CodeAsync(refused));
        }

        shop.Cluster.Time.Advance(TimeSpan.FromMinutes(5));
        using var expired = await shop.Http.GetAsync(onGateway);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal("link_expired", await CodeAsync(expired));
        Assert.Contains("expires=", query, StringComparison.Ordinal);

        // The durable link still works after the file URL died: a fresh URL, counted.
        using var again = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        using var fresh = await shop.Http.GetAsync(shop.OnGateway(again.Headers.Location!));
        Assert.Equal(product.Bytes, await fresh.Content.ReadAsByteArrayAsync());
        using var limit = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Forbidden, limit.StatusCode);
        Assert.Contains("Download limit reached", await limit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
}
