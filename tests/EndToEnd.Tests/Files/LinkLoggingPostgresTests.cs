using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.EndToEnd.Tests.Supplier;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>
/// Link tokens and signed file URLs are capabilities: whoever reads one in a log could download. The standalone
/// gateway (no appsettings of its own, so nothing quiets ASP.NET Core's request logging) logs them only redacted.
/// </summary>
public sealed class LinkLoggingPostgresTests
{
    [Fact]
    public async Task LinksAndFileUrls_OpenedAndRefusedOnTheStandaloneGateway_NeverLoggedInFull()
    {
        var logs = new CapturingLoggerProvider();
        await using var shop = await FileShop.StartAsync(
            TestStore.Postgres,
            silos: 1,
            gateways: 1,
            FileShop.Local(),
            options => options.ConfigureServices = services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var product = await shop.AddFileProductAsync(FileShop.RandomBytes(1_000), downloadLimit: 1);
        var email = FileShop.Email();
        var orderId = await shop.PlaceOrderAsync(email, product);
        await shop.PayAsync(orderId, product);
        var mail = Assert.Single(await shop.MailToAsync(email));
        var link = Assert.Single(FileShop.DownloadLinks(mail));
        var account = FileShop.AccountLink(mail);
        var token = link.Segments[^1];
        var forged = FileDeliveryPostgresTests.Reword(token, "e", "someone-else:sku");

        (await shop.Http.GetAsync(shop.OnGateway(link))).Dispose();
        using var action = await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]));
        var fileUrl = shop.OnGateway(action.Headers.Location!);
        (await shop.Http.GetAsync(fileUrl)).Dispose();
        (await shop.Http.PostAsync(shop.OnGateway(link), new FormUrlEncodedContent([]))).Dispose();
        (await shop.Http.GetAsync(shop.OnGateway(account))).Dispose();
        (await shop.Http.GetAsync(new Uri(shop.Gateway, "/download/" + forged))).Dispose();
        (await shop.Http.GetAsync(new Uri(shop.Gateway, "/api/account/" + forged))).Dispose();

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("[2500]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[2503]", StringComparison.Ordinal) && l.Contains("…(", StringComparison.Ordinal));
        foreach (var secret in (string[])[token, account.Segments[^1], forged, SignatureOf(fileUrl)])
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static string SignatureOf(Uri fileUrl) => System.Web.HttpUtility.ParseQueryString(fileUrl.Query)["sig"]!;
}
