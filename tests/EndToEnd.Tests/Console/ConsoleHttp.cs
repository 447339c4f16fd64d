using System.Net;
using System.Text.RegularExpressions;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>The console over plain HTTP, as a browser would use it: a cookie jar, no automatic redirects, the form's token.</summary>
internal static partial class ConsoleHttp
{
    public static HttpClient Client(ConsoleShop store) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = store.Gateway };

    public static async Task LogInAsync(HttpClient http)
    {
        using var response = await PostPasswordAsync(http, Token(await http.GetStringAsync("/console/login")), ConsoleShop.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public static Task<HttpResponseMessage> PostPasswordAsync(HttpClient http, string token, string password) =>
        http.PostAsync("/console/login", new FormUrlEncodedContent([new("__af", token), new("password", password)]));

    /// <summary>The anti-forgery token of the page's forms.</summary>
    public static string Token(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "the page carries no anti-forgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
