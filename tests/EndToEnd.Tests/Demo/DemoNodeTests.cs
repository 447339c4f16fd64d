using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Demo;

/// <summary>
/// The single node as a new store owner meets it, as a real process in a fresh folder: the keys it generates, the
/// demo store, the catalog surviving restarts, the file check, the demo supplier, the API description.
/// </summary>
public sealed partial class DemoNodeTests
{
    private const int KeyFileLogEventId = 2600;
    private const int SeedSkippedEventId = 3001;

    [Fact]
    public async Task FirstStart_NothingSet_AdminKeyGeneratedOnceStableAcrossRestartsAndNothingDemoIsActive()
    {
        var folder = SingleNode.NewFolder("keys");
        try
        {
            string key;
            await using (var node = await SingleNode.StartAsync("keys-1", folder, demo: false))
            {
                key = SingleNode.AdminKey(folder);
                Assert.Equal(43, key.Length);
                var logged = Assert.Single(node.Entries(KeyFileLogEventId), e => e.GetProperty("State").GetProperty("Role").GetString() == "admin");
                Assert.Equal(Path.Combine(folder, "data", "admin.key"), logged.GetProperty("State").GetProperty("Path").GetString());
                Assert.DoesNotContain(node.Lines, l => l.Contains(key, StringComparison.Ordinal));

                using var admin = SingleNode.Client(node, key);
                var catalog = await SingleNode.GetJsonAsync(admin, "admin/products");
                Assert.Empty(catalog["products"]!.AsArray());
                Assert.Null(catalog["settings"]);
                using var anonymous = SingleNode.Client(node, null);
                using var refused = await anonymous.GetAsync("admin/products");
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                using var wrong = SingleNode.Client(node, SingleNode.StorefrontKey(folder));
                using var storefrontOnAdmin = await wrong.GetAsync("admin/products");
                Assert.Equal(HttpStatusCode.Unauthorized, storefrontOnAdmin.StatusCode);
                using var stripe = await anonymous.PostAsync("webhooks/stripe", new StringContent("{}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.NotFound, stripe.StatusCode);
            }

            await using (var restarted = await SingleNode.StartAsync("keys-2", folder, demo: false))
            {
                Assert.Equal(key, SingleNode.AdminKey(folder));
                Assert.Single(restarted.Entries(KeyFileLogEventId), e => e.GetProperty("State").GetProperty("Role").GetString() == "admin");
                using var admin = SingleNode.Client(restarted, key);
                using var answer = await admin.GetAsync("admin/products");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }

    [Fact]
    public async Task ChangeCatalog_DemoNodeRestarted_OperatorChangesStay()
    {
        var folder = SingleNode.NewFolder("restart");
        try
        {
            await using (var node = await SingleNode.StartAsync("restart-1", folder, demo: true))
            {
                using var admin = SingleNode.Client(node, SingleNode.AdminKey(folder));
                var seeded = await SingleNode.GetJsonAsync(admin, "admin/settings");
                Assert.Equal("Demo Digital Store", (string?)seeded["settings"]!["storeName"]);
                Assert.Equal(["ebook-dotnet", "gift-25"], seeded["products"]!.AsArray().Select(p => (string?)p!["sku"]));

                await SendAsync(admin, HttpMethod.Put, "admin/settings", new
                {
                    storeName = "Ada's Books",
                    supportEmail = "help@ada.example",
                    senderAddress = "orders@ada.example",
                    senderName = "Ada's Books",
                });
                var ebook = seeded["products"]!.AsArray().Single(p => (string?)p!["sku"] == "ebook-dotnet")!.AsObject();
                ebook["priceMinor"] = 2900;
                await SendAsync(admin, HttpMethod.Put, "admin/products/ebook-dotnet", ebook);
                await SendAsync(admin, HttpMethod.Delete, "admin/products/gift-25", null);
            }

            await using (var restarted = await SingleNode.StartAsync("restart-2", folder, demo: true))
            {
                using var admin = SingleNode.Client(restarted, SingleNode.AdminKey(folder));
                var catalog = await SingleNode.GetJsonAsync(admin, "admin/settings");
                Assert.Equal("Ada's Books", (string?)catalog["settings"]!["storeName"]);
                Assert.Equal("orders@ada.example", (string?)catalog["settings"]!["senderAddress"]);
                var product = Assert.Single(catalog["products"]!.AsArray())!;
                Assert.Equal("ebook-dotnet", (string?)product["sku"]);
                Assert.Equal(2900, (long)product["priceMinor"]!);
                Assert.Single(restarted.Entries(SeedSkippedEventId));
            }
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }

    [Fact]
    public async Task PutProduct_FileNotStored_Refused400FileNotFoundAndCatalogUnchanged()
    {
        var folder = SingleNode.NewFolder("files");
        try
        {
            await using var node = await SingleNode.StartAsync("files", folder, demo: true);
            using var admin = SingleNode.Client(node, SingleNode.AdminKey(folder));
            var before = (await SingleNode.GetJsonAsync(admin, "admin/products")).ToJsonString();
            var product = new
            {
                sku = "course",
                name = "Video Course",
                priceMinor = 4900,
                currency = "USD",
                kind = "file",
                fileKey = "courses/missing.zip",
                fileName = "course.zip",
            };

            using (var refused = await admin.PutAsJsonAsync("admin/products/course", product))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
                Assert.Equal("file_not_found", (string?)problem["code"]);
                Assert.Contains("courses/missing.zip", (string?)problem["detail"], StringComparison.Ordinal);
            }

            Assert.Equal(before, (await SingleNode.GetJsonAsync(admin, "admin/products")).ToJsonString());

            using (var upload = new ByteArrayContent([1, 2, 3]))
            {
                upload.Headers.ContentType = new("application/zip");
                using var stored = await admin.PutAsync("admin/files/courses/missing.zip", upload);
                Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            }

            using var accepted = await admin.PutAsJsonAsync("admin/products/course", product);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }

    [Fact]
    public async Task PayGiftCardOrder_DemoNode_DemoSupplierCodesDeliveredByEmail()
    {
        var folder = SingleNode.NewFolder("giftcard");
        try
        {
            await using var node = await SingleNode.StartAsync("giftcard", folder, demo: true);
            using var storefront = SingleNode.Client(node, SingleNode.StorefrontKey(folder));
            using var admin = SingleNode.Client(node, SingleNode.AdminKey(folder));
            using var created = await storefront.PostAsJsonAsync("api/orders", new
            {
                customer = new { email = "gift-buyer@example.com" },
                items = new[] { new { sku = "gift-25", quantity = 2 } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var orderId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["orderId"]!;

            // Paid as Stripe would, with the webhook secret demo mode generated.
            var secret = File.ReadAllText(Path.Combine(folder, "data", "demo-stripe-webhook.secret")).Trim();
            var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", orderId, 5000, "usd");
            using var payment = new StringContent(payload, Encoding.UTF8, "application/json");
            payment.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, secret, DateTimeOffset.UtcNow));
            using var paid = await storefront.PostAsync("webhooks/stripe", payment);
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

            var order = await SingleNode.WaitForOrderAsync(
                admin, orderId, o => (string?)o["status"] == "delivered" && (string?)o["deliveries"]!.AsArray()[^1]!["channel"] == "email", "delivered and emailed");
            var codes = order["codes"]!.AsArray().Select(c => ((string)c!["code"]!, (string)c["pin"]!)).ToList();
            Assert.Equal(2, codes.Count);
            Assert.All(codes, c => Assert.Matches(DemoCode(), c.Item1));
            Assert.All(codes, c => Assert.Matches("^[0-9]{4}$", c.Item2));
            Assert.Contains(order["deliveries"]!.AsArray(), d => ((string?)d!["detail"])?.Contains("from supplier order DEMO-", StringComparison.Ordinal) == true);

            var email = Assert.Single(SingleNode.Emails(folder), m => m.To.ToString().Contains("gift-buyer@example.com", StringComparison.Ordinal));
            Assert.All(codes, c => Assert.Contains(c.Item1, email.TextBody, StringComparison.Ordinal));
            Assert.All(codes, c => Assert.Contains(c.Item2, email.TextBody, StringComparison.Ordinal));
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }

    [Fact]
    public async Task OpenApiDocument_DemoNode_DescribesEveryApiEndpointAndTheDocsPageIsServed()
    {
        var folder = SingleNode.NewFolder("openapi");
        try
        {
            await using var node = await SingleNode.StartAsync("openapi", folder, demo: true);
            using var anonymous = SingleNode.Client(node, null);
            var document = await SingleNode.GetJsonAsync(anonymous, "openapi/v1.json");
            var paths = document["paths"]!.AsObject();
            string[] expected =
            [
                "post /api/orders", "get /api/orders/{orderId}",
                "get /api/account/{token}", "post /api/account/{token}/entitlements/{entitlementId}/downloads",
                "get /api/customers/{customerId}/entitlements", "post /api/customers/{customerId}/entitlements/{entitlementId}/downloads",
                "get /admin/products", "put /admin/products/{sku}", "delete /admin/products/{sku}", "get /admin/settings", "put /admin/settings",
                "put /admin/files/{key}", "get /admin/orders/{orderId}", "get /admin/review",
                "post /admin/orders/{orderId}/retry", "post /admin/orders/{orderId}/resend", "post /admin/orders/{orderId}/refund",
                "post /admin/orders/{orderId}/mark-delivered", "get /admin/customers/{customerId}",
                "put /admin/customers/{customerId}/entitlements/{entitlementId}/limit", "post /admin/customers/{customerId}/entitlements/{entitlementId}/reset",
                "get /admin/deliveries", "get /admin/alerts", "get /admin/downloads", "get /admin/unmatched-webhooks",
                "post /webhooks/stripe", "get /webhooks/pesapal", "post /webhooks/pesapal",
            ];
            var listed = paths.SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}")).ToHashSet(StringComparer.Ordinal);
            var missing = expected.Where(e => !listed.Contains(e)).ToList();
            Assert.True(missing.Count == 0, $"not in /openapi/v1.json: {string.Join(", ", missing)}");

            var putProduct = paths["/admin/products/{sku}"]!["put"]!;
            Assert.NotNull(putProduct["requestBody"]!["content"]!["application/json"]);
            Assert.Equal("ApiKey", putProduct["security"]!.AsArray()[0]!.AsObject().Single().Key);
            Assert.Null(paths["/webhooks/stripe"]!["post"]!["security"]);
            Assert.NotNull(document["components"]!["securitySchemes"]!["ApiKey"]);

            using var docs = await anonymous.GetAsync("docs");
            Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
            Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            SingleNode.Delete(folder);
        }
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("^DEMO-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex DemoCode();
}
