using System.Net;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>A minted S3 URL stops working at its expiry, enforced by the S3-compatible server itself.</summary>
public sealed class S3DownloadExpiryTests
{
    [Fact]
    public async Task PaidFileOrder_MintedS3Url_RefusedByTheServerAfterItsConfiguredValidity()
    {
        var s3 = await S3Server.Shared;
        var bucket = $"products-{Guid.NewGuid():N}";
        await s3.CreateBucketAsync(bucket);
        // S3 counts a URL's validity on its own clock: a short configured validity, then ask until it refuses.
        await using var shop = await FileShop.StartAsync(TestStore.Sqlite, silos: 1, gateways: 1, FileShop.S3(s3, bucket, TimeSpan.FromSeconds(3)));
        var product = await shop.AddFileProductAsync(FileShop.RandomBytes(10_000), downloadLimit: 3);
        var email = FileShop.Email();
        var orderId = await shop.PlaceOrderAsync(email, product);
        await shop.PayAsync(orderId, product);
        var link = Assert.Single(FileShop.DownloadLinks(Assert.Single(await shop.MailToAsync(email))));

        using var action = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        var fileUrl = action.Headers.Location!;
        using var http = new HttpClient();
        using (var fresh = await http.GetAsync(fileUrl))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.Equal(product.Bytes, await fresh.Content.ReadAsByteArrayAsync());
        }

        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(fileUrl);
                return response.StatusCode == HttpStatusCode.Forbidden;
            },
            FileShop.Bounded,
            "the minted URL to expire",
            TimeSpan.FromMilliseconds(100));

        // A fresh download action mints a fresh URL, which works again.
        using var again = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        Assert.Equal(product.Bytes, await http.GetByteArrayAsync(again.Headers.Location));
    }
}
