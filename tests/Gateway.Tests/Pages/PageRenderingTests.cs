using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Pages;

public sealed partial class PageRenderingTests
{
    private const string Hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";
    private static readonly StoreBranding Store = new("Sokobuni Books", "https://cdn.example.com/logo.png", "help@sokobuni.example");

    public static TheoryData<string, string> AllPages() => new()
    {
        { "download", DownloadPage.Render(new DownloadPageView(Store, "Guide", "guide.pdf", 2, 3, "/d/tok", "/account/tok")) },
        { "limit", DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, DownloadUnavailableReason.LimitReached, "Guide", "ord_1", 3)) },
        { "revoked", DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, DownloadUnavailableReason.Revoked, "Guide", "ord_1")) },
        { "unknown", DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, DownloadUnavailableReason.UnknownLink)) },
        { "expired", DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, DownloadUnavailableReason.ExpiredLink)) },
        { "file-missing", DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, DownloadUnavailableReason.FileMissing, "Guide", "ord_1")) },
        { "account", AccountPage.Render(new AccountPageView(Store, "a@example.com", [new AccountItemView("Guide", "ord_1", 1, 3, false, "/d/tok")])) },
        { "account-empty", AccountPage.Render(new AccountPageView(Store, null, [])) },
        { "order", OrderPage.Render(new OrderPageView(Store, "ord_1", "delivered", [new OrderPageLine("Card", 1)], [new DeliveredCode("AAAA-BBBB", "1234")], null, [])) },
    };

    [Theory]
    [MemberData(nameof(AllPages))]
    public void Render_AnyPage_IsAnAccessibleStorePage(string page, string html)
    {
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.Single(H1().Matches(html));
        Assert.Contains("<main id=\"main\">", html, StringComparison.Ordinal);
        Assert.Contains("Sokobuni Books", html, StringComparison.Ordinal);
        Assert.Contains("mailto:help@sokobuni.example", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://cdn.example.com/logo.png\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(html.Length > 500, page);
    }

    [Fact]
    public void DownloadPage_Always_HasAPostFormAndNoFileUrl()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Guide", "guide.pdf", 2, 3, "/d/v1.tok", "/account/v1.acc"));

        Assert.Matches("<form method=\"post\" action=\"/d/v1.tok\">\\s*<button type=\"submit\">Download now</button>", html);
        Assert.DoesNotContain("method=\"get\"", html, StringComparison.OrdinalIgnoreCase);
        var links = Href().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["#main", "/account/v1.acc", "mailto:help@sokobuni.example"], links);
        Assert.DoesNotContain("/files/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sig=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadPage_NoActionUrl_FormPostsToItself()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Guide", null, null, null));

        Assert.Contains("<form method=\"post\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 3, "2 of 3 left")]
    [InlineData(1, 1, "1 of 1 left")]
    [InlineData(0, 5, "0 of 5 left")]
    [InlineData(null, null, "Unlimited")]
    public void DownloadsLeft_Describe_Wording(int? left, int? allowed, string expected) =>
        Assert.Equal(expected, DownloadsLeft.Describe(left, allowed));

    [Fact]
    public void DownloadPage_Limited_ShowsLeftAndCountingNote()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Guide", null, 2, 3));

        Assert.Contains("Downloads left: <strong>2 of 3 left</strong>", html, StringComparison.Ordinal);
        Assert.Contains("counts as one download", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadPage_Unlimited_SaysUnlimitedWithoutCountingNote()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Guide", null, null, null));

        Assert.Contains("Downloads left: <strong>Unlimited</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("counts as one download", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileNamesEverywhere_AreEncoded()
    {
        var store = new StoreBranding(Hostile, "javascript:alert(1)", Hostile);
        var pages = new[]
        {
            DownloadPage.Render(new DownloadPageView(store, Hostile, Hostile, 1, 2, "javascript:alert(1)", "\" onclick=\"x")),
            DownloadUnavailablePage.Render(new DownloadUnavailableView(store, DownloadUnavailableReason.LimitReached, Hostile, Hostile, 3, "javascript:x")),
            AccountPage.Render(new AccountPageView(store, Hostile, [new AccountItemView(Hostile, Hostile, 1, 2, false, "/d/\"><script>")])),
            OrderPage.Render(new OrderPageView(
                store, Hostile, Hostile, [new OrderPageLine(Hostile, 1, Hostile)], [new DeliveredCode(Hostile, Hostile, Hostile)], Hostile,
                [new ProductInstructions(Hostile, Hostile, "javascript:alert(1)"), new ProductInstructions("B", "b")])),
        };

        foreach (var html in pages)
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\" onclick=\"", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("&amp;amp;", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_NonLatinNames_StayReadable()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Kitabu cha Mapishi — 料理の本", null, null, null));

        Assert.Contains("Kitabu cha Mapishi — 料理の本", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountPage_Items_EachWithPostButtonNamedForItsProduct()
    {
        var html = AccountPage.Render(new AccountPageView(Store, "a@example.com",
        [
            new AccountItemView("Guide", "ord_1", 2, 3, false, "/d/one"),
            new AccountItemView("Installer", "ord_2", null, null, false, "/d/two"),
        ]));

        Assert.Contains("<h1 id=\"title\">Digital Products</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/d/one\"><button type=\"submit\">Download<span class=\"vh\"> Guide</span>", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/d/two\"><button type=\"submit\">Download<span class=\"vh\"> Installer</span>", html, StringComparison.Ordinal);
        Assert.Contains("ord_1", html, StringComparison.Ordinal);
        Assert.Contains("2 of 3 left", html, StringComparison.Ordinal);
        Assert.Contains("Unlimited", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountPage_RevokedOrExhausted_NoButton()
    {
        var html = AccountPage.Render(new AccountPageView(Store, null,
        [
            new AccountItemView("Refunded thing", "ord_1", 2, 3, true, "/d/one"),
            new AccountItemView("Used up", "ord_2", 0, 3, false, "/d/two"),
        ]));

        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains("Refunded", html, StringComparison.Ordinal);
        Assert.Contains("Download limit reached", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountPage_NoItems_ShortEmptyState()
    {
        var html = AccountPage.Render(new AccountPageView(Store, null, []));

        Assert.Contains("no digital products yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ul", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountItemView_FromEntitlement_CarriesLeftAndRevoked()
    {
        var entitlement = new EntitlementView("ent_1", "ord_1", "SKU", "Guide", 3, 1, true, DateTimeOffset.UnixEpoch);

        Assert.Equal(new AccountItemView("Guide", "ord_1", 2, 3, true, "/d/x"), AccountItemView.From(entitlement, "/d/x"));
    }

    [Theory]
    [InlineData(DownloadUnavailableReason.LimitReached, "Download limit reached", "used all 3 downloads", 403)]
    [InlineData(DownloadUnavailableReason.Revoked, "no longer available", "refunded", 410)]
    [InlineData(DownloadUnavailableReason.UnknownLink, "doesn’t work", "Download Now", 404)]
    [InlineData(DownloadUnavailableReason.ExpiredLink, "expired", "fresh one", 403)]
    [InlineData(DownloadUnavailableReason.FileMissing, "isn’t available", "Nothing was counted", 404)]
    public void UnavailablePage_EachReason_SaysWhatHappenedWhatToDoAndWhomToAsk(DownloadUnavailableReason reason, string title, string words, int status)
    {
        var html = DownloadUnavailablePage.Render(new DownloadUnavailableView(Store, reason, "Guide", "ord_9", 3, "/account/x"));

        Assert.Contains(title, H1().Match(html).Value, StringComparison.Ordinal);
        Assert.Contains(words, html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@sokobuni.example\"", html[html.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("href=\"/account/x\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Equal(status, DownloadUnavailablePage.StatusCodeFor(reason));
    }

    [Fact]
    public void OrderPage_Delivered_CodesPinsLicenseAndInstructions()
    {
        var html = OrderPage.Render(new OrderPageView(
            Store,
            "ord_42",
            "delivered",
            [new OrderPageLine("Steam Gift Card", 2, "$25")],
            [new DeliveredCode("X7KQ-PL2M", "4821"), new DeliveredCode("Q1WE-RT5Y", null, "SN-1")],
            "LICENSE\nline two",
            [new ProductInstructions("Steam Gift Card", "Open Steam.\nRedeem.", "https://store.steampowered.com/redeem")]));

        Assert.Contains("<span class=\"status ok\">Delivered</span>", html, StringComparison.Ordinal);
        Assert.Contains("<code>X7KQ-PL2M</code>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">PIN</span><code>4821</code>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Serial</span><code>SN-1</code>", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"license\" aria-label=\"License\">LICENSE&#xA;line two</pre>", html, StringComparison.Ordinal);
        Assert.Contains("Open Steam.&#xA;Redeem.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://store.steampowered.com/redeem\"", html, StringComparison.Ordinal);
        Assert.Contains("user-select:all", html, StringComparison.Ordinal);
        Assert.Contains("mention order <strong>ord_42</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderPage_TopUpConfirmedWithInstructions_ConfirmationAsTextNotACode()
    {
        var html = OrderPage.Render(new OrderPageView(
            Store,
            "ord_43",
            "delivered",
            [new OrderPageLine("Airtime", 1, "$10")],
            [new DeliveredCode("$10 credited to <0700 000 001>", null, null, "Dial *144# to check", Confirmation: true)],
            null,
            []));

        Assert.Contains("Your top-up</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Confirmation</span><span>$10 credited to &lt;0700 000 001&gt;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">How to redeem</span><span>Dial *144# to check</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>$10", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Click a code", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pending_payment", "Waiting for payment")]
    [InlineData("fulfilling", "Being delivered")]
    [InlineData("delivering", "Being delivered")]
    [InlineData("manual_review", "Being checked")]
    [InlineData("refunded", "Refunded")]
    [InlineData("some_new_state", "Some new state")]
    public void OrderPage_Status_InWords(string status, string label)
    {
        var html = OrderPage.Render(new OrderPageView(Store, "ord_1", status, [], [], null, []));

        Assert.Matches($"<span class=\"status[a-z ]*\">{label}</span>", html);
        Assert.DoesNotContain("Your code", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlPageResult_Execute_HtmlWithNoStoreAndCspAllowingExactlyOurStyle()
    {
        var html = DownloadPage.Render(new DownloadPageView(Store, "Guide", null, 1, 1));
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await new HtmlPageResult(html, StatusCodes.Status403Forbidden).ExecuteAsync(context);

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", context.Response.ContentType);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"].ToString());
        var style = Style().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", context.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(html), ((MemoryStream)context.Response.Body).ToArray());
    }

    [GeneratedRegex("<h1[ >].*?</h1>", RegexOptions.Singleline)]
    private static partial Regex H1();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Style();
}
