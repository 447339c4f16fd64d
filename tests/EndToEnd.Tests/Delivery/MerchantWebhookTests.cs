using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Delivery;
using Orleans.Delivery.Testing;
using StandardWebhooks;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// Merchant fulfillment webhooks end to end: a real merchant server on loopback, the silos of a <see cref="TestCluster"/>
/// on SQLite, a real SMTP server. Private targets are allowed (the merchant is on loopback) except in the safety tests.
/// </summary>
public sealed class MerchantWebhookTests(SmtpFixture smtpFixture) : IClassFixture<SmtpFixture>
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Post_Json_TheConfiguredFields_SignedAsTheReadmeShowsAndAsStandardWebhooksLibrariesCheck()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (200, "PIXEL-PRO-7F3A-22B9");
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, secret) = await shop.StockMerchantProductAsync(merchant.Url, p => p with
        {
            MerchantWebhookFields = ["checkout_hash", "transaction_id", "customer_email"],
            MerchantWebhookStaticFields = [new StaticField("plan", "pro")],
        });
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        var buyer = await shop.CreateOrderAsync(quantity: 2, sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        var call = Assert.Single(merchant.Calls);
        Assert.Equal("POST", call.Method);
        Assert.StartsWith("application/json", call.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(call.Body);
        var fields = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["order_id", "sku", "product_name", "quantity", "timestamp", "checkout_hash", "transaction_id", "customer_email", "plan"], fields);
        Assert.Equal(buyer.OrderId, json.RootElement.GetProperty("order_id").GetString());
        Assert.Equal(sku, json.RootElement.GetProperty("sku").GetString());
        Assert.Equal("Pixel Editor Pro", json.RootElement.GetProperty("product_name").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("quantity").GetInt32());
        Assert.Equal(long.Parse(call.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("timestamp").GetInt64());
        Assert.StartsWith("pi_", json.RootElement.GetProperty("transaction_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(32, json.RootElement.GetProperty("checkout_hash").GetString()!.Length);
        Assert.Equal(buyer.Email, json.RootElement.GetProperty("customer_email").GetString());
        Assert.Equal("pro", json.RootElement.GetProperty("plan").GetString());

        AssertSigned(secret, call, call.Body);
        Assert.StartsWith("sha256=", call.Headers["X-Delivery-Signature"], StringComparison.Ordinal);

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal("PIXEL-PRO-7F3A-22B9", order.LicenseText);
        Assert.Contains("PIXEL-PRO-7F3A-22B9", (await shop.DeliveryEmailAsync(buyer)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Quantity3WithoutSeparateMultibuy_OneCallWithQuantity3_FieldsInTheSignedQueryString()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, secret) = await shop.StockMerchantProductAsync(new Uri(merchant.Url + "?store=codes co"), p => p with
        {
            MerchantWebhookMethod = "GET",
            MerchantWebhookFields = ["customer_name"],
            MerchantWebhookStaticFields = [new StaticField("note", "a & b = c")],
        });
        var buyer = await shop.CreateOrderAsync(quantity: 3, sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        var call = Assert.Single(merchant.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Empty(call.Body);
        var query = QueryHelpers.ParseQuery(call.Query);
        Assert.Equal(["store", "order_id", "sku", "product_name", "quantity", "timestamp", "customer_name", "note"], query.Keys);
        Assert.Equal("codes co", query["store"].ToString());
        Assert.Equal("3", query["quantity"].ToString());
        Assert.Equal("Ada Lovelace", query["customer_name"].ToString());
        Assert.Equal("a & b = c", query["note"].ToString());
        AssertSigned(secret, call, Encoding.UTF8.GetBytes(call.Query.TrimStart('?')));
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);
    }

    [Fact]
    public async Task Post_Form_TheFieldsAsAFormBody_Signed()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, secret) = await shop.StockMerchantProductAsync(merchant.Url, p => p with { MerchantWebhookFormat = "form", MerchantWebhookFields = [] });
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        var call = Assert.Single(merchant.Calls);
        Assert.StartsWith("application/x-www-form-urlencoded", call.Headers["Content-Type"], StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(call.Body));
        Assert.Equal(["order_id", "sku", "product_name", "quantity", "timestamp"], form.Keys);
        Assert.Equal("Pixel Editor Pro", form["product_name"].ToString());
        AssertSigned(secret, call, call.Body);
    }

    [Fact]
    public async Task SeparateMultibuy_Quantity3_ThreeCallsWithDistinctDeliveryIds_OneEmailWithTheThreeKeysNumbered()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Script(new MerchantAnswer(200, "KEY-ONE"), new MerchantAnswer(200, "KEY-TWO"), new MerchantAnswer(200, "KEY-THREE"));
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url, p => p with { SeparateMultibuy = true });
        var buyer = await shop.CreateOrderAsync(quantity: 3, sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        Assert.Equal(3, merchant.Calls.Count);
        Assert.Equal(3, merchant.Calls.Select(c => c.Headers["webhook-id"]).Distinct().Count());
        Assert.All(merchant.Calls, c => Assert.Equal(1, JsonDocument.Parse(c.Body).RootElement.GetProperty("quantity").GetInt32()));
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        var mail = await shop.DeliveryEmailAsync(buyer);
        foreach (var (key, n) in new[] { ("KEY-ONE", 1), ("KEY-TWO", 2), ("KEY-THREE", 3) })
        {
            Assert.Contains(key, mail.Text, StringComparison.Ordinal);
            Assert.Contains(key, mail.Html, StringComparison.Ordinal);
            Assert.Contains($"License {n} of 3", mail.Text, StringComparison.Ordinal);
            Assert.Contains(key, order.LicenseText, StringComparison.Ordinal);
        }

        Assert.Single(await shop.MailTo(buyer.Email));
        Assert.Contains(order.Deliveries, d => d.Detail.Contains("3 licenses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrorTwiceThen200_DeliveredOnce_TheMerchantSawOneDeliveryIdThreeTimes()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Script(new MerchantAnswer(500, "oops"), new MerchantAnswer(500, "oops"));
        merchant.Answer = (200, "KEY-AFTER-RETRIES");
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(3, merchant.Calls.Count);
        Assert.Single(merchant.Calls.Select(c => c.Headers["webhook-id"]).Distinct());
        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal("KEY-AFTER-RETRIES", order.LicenseText);
        Assert.Single(await shop.Smtp.WaitForMessagesToAsync(buyer.Email, 1, Bounded));
    }

    [Theory]
    [InlineData("", "text/plain", "empty_response")]
    [InlineData("   \n ", "text/plain", "empty_response")]
    [InlineData("<p>KEY-123</p>", "text/plain", "html_in_response")]
    [InlineData("KEY-123 <script>alert(1)</script>", "text/plain", "html_in_response")]
    [InlineData("KEY-123", "text/html", "html_in_response")]
    public async Task UndeliverableAnswer_ReviewWithTheReason_NothingSentToTheBuyer(string body, string contentType, string code)
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (200, body);
        merchant.ContentType = contentType;
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(5));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.Contains(code, order.ReviewReason, StringComparison.Ordinal);
        Assert.Null(order.LicenseText);
        Assert.Single(merchant.Calls);
        Assert.Single(await shop.AlertsAsync(buyer), a => a.Kind == "merchant-webhook-failed");
        Assert.Empty(await shop.MailTo(buyer.Email));
    }

    [Fact]
    public async Task MarkdownAnswer_LinkRenderedInTheHtmlPart_UnsafeLinksAndImagesNeverReachTheEmail()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (200,
            "Your key: **KEY-MD-42**\n\n[Activate here](https://activate.example.test/now) or [write to us](mailto:help@example.test). "
            + "[Win a prize](javascript:alert(1)) ![pixel](https://tracker.example.test/p.png)");
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();

        var mail = await shop.DeliveryEmailAsync(buyer);
        Assert.Contains("<strong>KEY-MD-42</strong>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://activate.example.test/now\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@example.test\"", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", mail.Html, StringComparison.OrdinalIgnoreCase);
        // The one image is the store's logo.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(mail.Html ?? "", "<img "));
        Assert.Contains("<img src=\"https://example.test/logo.png\"", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example.test", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Win a prize", mail.Html, StringComparison.Ordinal);

        // The text part keeps the Markdown as the merchant wrote it.
        Assert.Contains("Your key: **KEY-MD-42**", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderEmailsOff_NothingEmailed_TheOrderPageAndTheAccountShowTheKey()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Answer = (200, "KEY-NO-EMAIL-77");
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url, p => p with { OrderEmails = false });
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(15));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("delivered", order.Status);
        Assert.Equal("KEY-NO-EMAIL-77", order.LicenseText);
        Assert.Empty(await shop.MailTo(buyer.Email));
        Assert.Contains(order.Deliveries, d => d.Channel == "account" && d.Detail.Contains("order emails are off", StringComparison.Ordinal));
        Assert.Empty(await shop.AlertsAsync(buyer));

        var tokens = shop.Cluster.Silos[0].Services.GetRequiredService<LinkTokens>();
        using (var page = await shop.Http.GetAsync($"/order/{tokens.CreateOrder(buyer.OrderId)}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("KEY-NO-EMAIL-77", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var customer = await shop.Grains.GetGrain<ICustomerGrain>(order.CustomerId).GetAsync();
        Assert.Equal(["KEY-NO-EMAIL-77"], Assert.Single(customer.Licenses!).Texts);
        using var account = await shop.Http.GetAsync($"/account/{tokens.CreateAccount(order.CustomerId)}");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var html = await account.Content.ReadAsStringAsync();
        Assert.Contains("KEY-NO-EMAIL-77", html, StringComparison.Ordinal);
        Assert.Contains("Pixel Editor Pro", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_NotFollowed_ReviewWithTheReason()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        merchant.Script(new MerchantAnswer(302, "", Location: new Uri(merchant.Url, "/elsewhere").ToString()));
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
        var buyer = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(buyer);
        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(5));

        var order = await shop.OrderAsync(buyer);
        Assert.Equal("manual_review", order.Status);
        Assert.Contains("redirect_not_followed", order.ReviewReason, StringComparison.Ordinal);
        Assert.Equal("/fulfil", Assert.Single(merchant.Calls).Path);
    }

    [Fact]
    public async Task DefaultConfiguration_OurOwnNetworkRefusedWithAClearReason_NothingCalled()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        var port = merchant.Url.Port;
        var resolver = new RebindingResolver("rebind.merchant.test", IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server, configure: o =>
        {
            o.Configuration["MerchantWebhooks:AllowPrivateTargets"] = "false";
            o.ConfigureServices = services => services.AddSingleton<IMerchantHostResolver>(resolver);
        });
        (string Url, string Expected)[] targets =
        [
            ($"http://127.0.0.1:{port}/fulfil", "loopback"),
            ($"http://[::1]:{port}/fulfil", "loopback"),
            ("http://10.20.30.40/fulfil", "private"),
            ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
            ($"http://[::ffff:127.0.0.1]:{port}/fulfil", "IPv4-mapped"),
            ($"http://localhost:{port}/fulfil", "loopback"),
            ($"http://rebind.merchant.test:{port}/fulfil", "127.0.0.1"),
        ];
        var buyers = new List<(Buyer Buyer, string Expected)>();
        foreach (var (url, expected) in targets)
        {
            var (sku, _) = await shop.StockMerchantProductAsync(new Uri(url));
            var buyer = await shop.CreateOrderAsync(sku: sku);
            await shop.PayAsync(buyer);
            buyers.Add((buyer, expected));
        }

        await shop.Cluster.AdvanceThroughAsync(TimeSpan.FromMinutes(5));

        foreach (var (buyer, expected) in buyers)
        {
            var order = await shop.OrderAsync(buyer);
            Assert.True(order.Status == "manual_review", $"{expected}: the order is {order.Status}");
            Assert.Contains("target_refused", order.ReviewReason, StringComparison.Ordinal);
            Assert.Contains(expected, order.ReviewReason, StringComparison.Ordinal);
            Assert.Empty(await shop.MailTo(buyer.Email));
        }

        // The rebinding name was checked once with a public answer, then dialled only after a second look, which refused it.
        Assert.True(resolver.Lookups >= 2, $"{resolver.Lookups} lookup(s)");
        Assert.Empty(merchant.Calls);
    }

    [Fact]
    public async Task SecretShownOnceThenRotated_DuringTheOverlapBothSecretsSign_AfterItOnlyTheNewOne()
    {
        await using var merchant = await MerchantEndpoint.StartAsync();
        await using var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        var sku = $"license-{Guid.NewGuid():N}"[..24];
        var product = new ProductDefinition(sku, "Pixel Editor Pro", 4900, "USD", FulfillmentKind.MerchantWebhook, MerchantWebhookUrl: merchant.Url.ToString());

        using var created = await AdminAsync(shop, HttpMethod.Put, $"/admin/products/{sku}", product);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var first = (await SecretAsync(created))!;
        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);

        // Never shown again: not in the catalog, not in the answer to saving the product once more (the secret is kept).
        using var catalog = await AdminAsync(shop, HttpMethod.Get, "/admin/products", null);
        Assert.DoesNotContain(first, await catalog.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var saved = await AdminAsync(shop, HttpMethod.Put, $"/admin/products/{sku}", product with { MerchantWebhookSecret = "chosen-by-the-caller" }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Null(await SecretAsync(saved));
        }

        using var rotated = await AdminAsync(shop, HttpMethod.Post, $"/admin/products/{sku}/webhook-secret?overlapHours=2", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await SecretAsync(rotated))!;
        Assert.NotEqual(first, second);

        var during = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(during);
        await shop.Cluster.DrainAsync();
        var call = Assert.Single(merchant.Calls);
        Assert.Equal(2, call.Headers["webhook-signature"].Split(' ').Length);
        AssertSigned(first, call, call.Body);
        AssertSigned(second, call, call.Body);

        await shop.Cluster.AdvanceAsync(TimeSpan.FromHours(3));
        var after = await shop.CreateOrderAsync(sku: sku);
        await shop.PayAsync(after);
        await shop.Cluster.DrainAsync();
        var later = merchant.Calls[^1];
        AssertSigned(second, later, later.Body);
        Assert.False(ReadmeWebhookVerification.Verify(first, later.Headers, later.Body));

        using var bad = await AdminAsync(shop, HttpMethod.Post, $"/admin/products/{sku}/webhook-secret?overlapHours=-1", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await AdminAsync(shop, HttpMethod.Post, "/admin/products/no-such-sku/webhook-secret", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    [Fact]
    public async Task SiloKilledDuringTheCall_TheOtherSiloCallsAgainWithTheSameDeliveryId_OneDelivery()
    {
        var merchant = await MerchantEndpoint.StartAsync();
        var shop = await CodeShop.StartAsync(TestStore.Sqlite, smtpFixture.Server);
        try
        {
            merchant.Answer = (200, "KEY-AFTER-THE-KILL");
            merchant.Hold();
            var (sku, _) = await shop.StockMerchantProductAsync(merchant.Url);
            var buyer = await shop.CreateOrderAsync(sku: sku);
            await shop.PayAsync(buyer);

            // The call is under way on the silo that holds the order; that silo dies before the merchant answers.
            await merchant.WaitForCallsAsync(1, Bounded);
            var grain = shop.Cluster.Client.GetGrain<IOrderGrain>(buyer.OrderId).GetGrainId();
            var silo = shop.Cluster.SiloOf(grain) ?? throw new InvalidOperationException("the order is active on no live silo");
            await silo.KillAsync().WaitAsync(Bounded);
            merchant.Release();

            // The dead silo's claim holds the call for the claim lease, on the grains' clock; then the surviving silo
            // takes the order over, calls once more, and delivers.
            shop.Cluster.Time.Advance(new EffectOptions().ClaimLease);
            await Poll.UntilAsync(async () => (await shop.OrderAsync(buyer)).Status == "delivered", TimeSpan.FromSeconds(90), "the order delivered by the surviving silo");

            Assert.InRange(merchant.Calls.Count, 2, 3);
            Assert.Single(merchant.Calls.Select(c => c.Headers["webhook-id"]).Distinct());
            var order = await shop.OrderAsync(buyer);
            Assert.Equal("KEY-AFTER-THE-KILL", order.LicenseText);
            Assert.Single(order.Deliveries, d => d.Detail.StartsWith("license for", StringComparison.Ordinal));
            var mail = Assert.Single(await shop.Smtp.WaitForMessagesToAsync(buyer.Email, 1, Bounded));
            Assert.Contains("KEY-AFTER-THE-KILL", mail.Text, StringComparison.Ordinal);
        }
        finally
        {
            merchant.Release();
            await shop.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await merchant.DisposeAsync().AsTask().WaitAsync(Bounded);
        }
    }

    private static async Task<string?> SecretAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("webhookSecret", out var secret) && secret.ValueKind == JsonValueKind.String ? secret.GetString() : null;
    }

    private static async Task<HttpResponseMessage> AdminAsync(CodeShop shop, HttpMethod method, string path, ProductDefinition? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CodeShop.AdminKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await shop.Http.SendAsync(request);
    }

    private static void AssertSigned(string secret, MerchantCall call, byte[] content)
    {
        Assert.StartsWith("msg_", call.Headers["webhook-id"], StringComparison.Ordinal);
        Assert.True(ReadmeWebhookVerification.Verify(secret, call.Headers, content), "the README's verification refuses the call");

        // An existing Standard Webhooks library computes one of the signatures sent.
        var library = new StandardWebhook(secret);
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(call.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture));
        var expected = library.Sign(call.Headers["webhook-id"], timestamp, Encoding.UTF8.GetString(content));
        Assert.Contains(expected, call.Headers["webhook-signature"].Split(' '));
    }

    /// <summary>Answers a public address for the first lookup of one name and a loopback one after that (DNS rebinding).</summary>
    private sealed class RebindingResolver(string host, IPAddress first, IPAddress then) : IMerchantHostResolver
    {
        private readonly DnsMerchantHostResolver _dns = new();
        private int _lookups;

        public int Lookups => _lookups;

        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken) =>
            string.Equals(name, host, StringComparison.OrdinalIgnoreCase)
                ? Task.FromResult<IPAddress[]>([Interlocked.Increment(ref _lookups) == 1 ? first : then])
                : _dns.ResolveAsync(name, cancellationToken);
    }
}
