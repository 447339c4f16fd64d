using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Delivery.Grains.Catalog;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.EndToEnd.Tests.Console;

/// <summary>
/// A merchant webhook product made and kept through the console's form over plain HTTP against the real gateway: every
/// fulfillment setting stored as chosen, the generated signing secret shown once, a rotation showing the next one, and
/// input the admin API would refuse refused with its reason, changing nothing.
/// </summary>
public sealed partial class ConsoleMerchantProductTests(ConsoleShop store) : IClassFixture<ConsoleShop>
{
    private const string Sku = "console-license";

    [Fact]
    public async Task MerchantProduct_SavedThroughTheForm_StoresEverySetting_ShowsItsSecretOnce_AndRotates()
    {
        using var http = ConsoleHttp.Client(store);
        await ConsoleHttp.LogInAsync(http);
        var newPage = await http.GetStringAsync("/console/products/new?kind=merchant-webhook");
        Assert.DoesNotContain("name=\"merchantWebhookSecret\"", newPage, StringComparison.Ordinal);
        var token = ConsoleHttp.Token(newPage);

        // Refused before anything is stored: a URL the catalog rules do not accept, and a static pair without '='.
        using (var ftp = await PostProductAsync(http, token, isNew: true, url: "ftp://merchant.example/hook"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, ftp.StatusCode);
            Assert.Contains("absolute http(s) merchantWebhookUrl", await TextAsync(ftp), StringComparison.Ordinal);
        }

        using (var noEquals = await PostProductAsync(http, token, isNew: true, statics: "plan"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noEquals.StatusCode);
            Assert.Contains("line 1 is not name=value", await TextAsync(noEquals), StringComparison.Ordinal);
        }

        Assert.Null(await StoredAsync());

        using var saved = await PostProductAsync(http, token, isNew: true);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("no-store", saved.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var secret = ShownSecret(await TextAsync(saved));
        var product = await StoredAsync();
        Assert.NotNull(product);
        Assert.Equal(FulfillmentKind.MerchantWebhook, product.Kind);
        Assert.Equal(999, product.PriceMinor);
        Assert.Equal("https://merchant.example/licenses", product.MerchantWebhookUrl);
        Assert.Equal("GET", product.MerchantWebhookMethod);
        Assert.Null(product.MerchantWebhookFormat);
        Assert.True(product.SeparateMultibuy);
        Assert.Equal(["checkout_hash", "transaction_id"], product.MerchantWebhookFields);
        Assert.Equal([new StaticField("plan", "pro=annual")], product.MerchantWebhookStaticFields);
        Assert.False(product.OrderEmails);
        Assert.Equal("Enter the key in the app.", product.Instructions);
        Assert.Equal([secret], await SigningSecretsAsync());

        // Shown once: the product's page afterwards carries neither the secret nor a field to type one.
        var editPage = WebUtility.HtmlDecode(await http.GetStringAsync($"/console/products/{Sku}"));
        Assert.DoesNotContain(secret, editPage, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"merchantWebhookSecret\"", editPage, StringComparison.Ordinal);
        Assert.Contains("Rotate signing secret", editPage, StringComparison.Ordinal);
        token = ConsoleHttp.Token(editPage);

        // An edit the rules refuse changes nothing: an ftp URL, a static pair hiding a standard field.
        var before = JsonSerializer.Serialize(await StoredAsync());
        using (var ftp = await PostProductAsync(http, token, isNew: false, url: "ftp://merchant.example/hook"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, ftp.StatusCode);
            Assert.Contains("absolute http(s) merchantWebhookUrl", await TextAsync(ftp), StringComparison.Ordinal);
        }

        using (var hiding = await PostProductAsync(http, token, isNew: false, statics: "order_id=1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, hiding.StatusCode);
            Assert.Contains("would hide the field of that name", await TextAsync(hiding), StringComparison.Ordinal);
        }

        Assert.Equal(before, JsonSerializer.Serialize(await StoredAsync()));
        Assert.Equal([secret], await SigningSecretsAsync());

        // Rotation needs the form's token, shows the new secret once, and the old one signs beside it for the overlap.
        var rotatePath = $"/console/products/{Sku}/webhook-secret";
        using (var forged = await http.PostAsync(rotatePath, new FormUrlEncodedContent([new("overlapHours", "2")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var badOverlap = await http.PostAsync(rotatePath, new FormUrlEncodedContent([new("__af", token), new("overlapHours", "-1")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badOverlap.StatusCode);
            Assert.Contains("overlapHours must be a whole number", await TextAsync(badOverlap), StringComparison.Ordinal);
        }

        Assert.Equal([secret], await SigningSecretsAsync());

        using var rotated = await http.PostAsync(rotatePath, new FormUrlEncodedContent([new("__af", token), new("overlapHours", "2")]));

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var next = ShownSecret(await TextAsync(rotated));
        Assert.NotEqual(secret, next);
        Assert.Equal([next, secret], await SigningSecretsAsync());
        Assert.DoesNotContain(next, WebUtility.HtmlDecode(await http.GetStringAsync($"/console/products/{Sku}")), StringComparison.Ordinal);

        // Saving the product again keeps the secrets: the form has no way to set one.
        using var again = await PostProductAsync(http, token, isNew: false);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal([next, secret], await SigningSecretsAsync());
    }

    private static Task<HttpResponseMessage> PostProductAsync(
        HttpClient http, string token, bool isNew, string url = "https://merchant.example/licenses", string statics = "plan = pro=annual\n\n") =>
        http.PostAsync("/console/products", new FormUrlEncodedContent(
        [
            new("__af", token),
            new("isNew", isNew ? "true" : "false"),
            new("kind", "merchant-webhook"),
            new("sku", Sku),
            new("name", "App License"),
            new("price", "9.99"),
            new("currency", "USD"),
            new("merchantWebhookUrl", url),
            new("merchantWebhookMethod", "GET"),
            new("merchantWebhookFormat", "json"),
            new("separateMultibuy", "on"),
            new("merchantWebhookFields", "checkout_hash"),
            new("merchantWebhookFields", "transaction_id"),
            new("merchantWebhookStaticFields", statics),
            new("instructions", "Enter the key in the app."),
        ]));

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static string ShownSecret(string html)
    {
        var matches = SecretValue().Matches(html);
        Assert.Single(matches);
        return matches[0].Groups[1].Value;
    }

    private async Task<ProductDefinition?> StoredAsync() =>
        (await store.Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync()).Products.SingleOrDefault(p => p.Sku == Sku);

    private Task<string[]> SigningSecretsAsync() =>
        store.Grains.GetGrain<ICatalogSecrets>(ICatalogGrain.DefaultStore).WebhookSigningSecretsAsync(Sku);

    [GeneratedRegex("(whsec_[A-Za-z0-9+/=]+)")]
    private static partial Regex SecretValue();
}
