using System.Net;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// The console's guards over plain HTTP against the real gateway: no page without a session, no action without its
/// anti-forgery token, and wrong passwords in a row slow further tries (on the cluster's test clock).
/// </summary>
public sealed class ConsoleSecurityTests(ConsoleShop store) : IClassFixture<ConsoleShop>
{
    [Theory]
    [InlineData("/console/orders")]
    [InlineData("/console/orders/order-1")]
    [InlineData("/console/review")]
    [InlineData("/console/alerts")]
    [InlineData("/console/products")]
    [InlineData("/console/products/new?kind=file")]
    [InlineData("/console/test-order")]
    [InlineData("/console/supplier")]
    public async Task Page_WithoutASession_RedirectsToTheLoginPage(string path)
    {
        using var http = Client();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/login", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString.Split('?')[0]);
    }

    [Fact]
    public async Task Action_WithoutASession_RedirectsToTheLoginPageAndChangesNothing()
    {
        var buyer = await store.DeliveredOrderAsync();
        var before = (await store.Shop.OrderAsync(buyer)).Deliveries.Count;
        using var http = Client();

        using var response = await http.PostAsync($"/console/orders/{buyer.OrderId}/resend", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await store.Cluster.DrainAsync();
        Assert.Equal(before, (await store.Shop.OrderAsync(buyer)).Deliveries.Count);
    }

    [Fact]
    public async Task Action_PostedWithoutItsToken_IsRefusedAndChangesNothing_WithItsTokenItIsDone()
    {
        var buyer = await store.DeliveredOrderAsync();
        var before = (await store.Shop.OrderAsync(buyer)).Deliveries.Count;
        using var http = Client();
        await LogInAsync(http);
        var path = $"/console/orders/{buyer.OrderId}/resend";

        using var missing = await http.PostAsync(path, new FormUrlEncodedContent([]));
        using var forged = await http.PostAsync(path, new FormUrlEncodedContent([new("__af", "CfDJ8-forged-token")]));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery_token_invalid", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await store.Cluster.DrainAsync();
        Assert.Equal(before, (await store.Shop.OrderAsync(buyer)).Deliveries.Count);

        var token = Token(await http.GetStringAsync($"/console/orders/{buyer.OrderId}"));
        using var done = await http.PostAsync(path, new FormUrlEncodedContent([new("__af", token)]));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await store.Cluster.DrainAsync();
        Assert.Equal(before + 1, (await store.Shop.OrderAsync(buyer)).Deliveries.Count);
    }

    [Fact]
    public async Task Login_FiveWrongPasswordsInARow_FurtherTriesWaitEvenWithTheRightOne_ThenItWorksAfterTheWait()
    {
        using var http = Client();
        var token = Token(await http.GetStringAsync("/console/login"));

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await PostPasswordAsync(http, token, $"wrong-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var waiting = await PostPasswordAsync(http, token, ConsoleShop.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), waiting.Headers.RetryAfter?.Delta);
            Assert.Contains("Too many wrong passwords", await waiting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await store.Cluster.AdvanceAsync(TimeSpan.FromSeconds(31));

        using var right = await PostPasswordAsync(http, token, ConsoleShop.Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/console/orders", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_WithItsToken_EndsTheSession()
    {
        using var http = Client();
        await LogInAsync(http);
        var token = Token(await http.GetStringAsync("/console/orders"));

        using var logout = await http.PostAsync("/console/logout", new FormUrlEncodedContent([new("__af", token)]));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/console/login?done=logged-out", logout.Headers.Location!.OriginalString);
        using var after = await http.GetAsync("/console/orders");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    private HttpClient Client() => ConsoleHttp.Client(store);

    private static Task LogInAsync(HttpClient http) => ConsoleHttp.LogInAsync(http);

    private static Task<HttpResponseMessage> PostPasswordAsync(HttpClient http, string token, string password) =>
        ConsoleHttp.PostPasswordAsync(http, token, password);

    private static string Token(string html) => ConsoleHttp.Token(html);
}
