using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.EndToEnd.Tests.Supplier;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Orders;

/// <summary>
/// A whole shop on loopback: a <see cref="TestCluster"/> with the product's handlers, real gateways, and the payment
/// providers' simulator the silos call. Tests talk to it over HTTP only (checkout, admin, webhooks) and drive the
/// silos and the clock through <see cref="Cluster"/>.
/// </summary>
public sealed class Shop : IAsyncDisposable
{
    public const string StorefrontKey = "storefront-key-for-tests-0123456789";
    public const string AdminKey = "admin-key-for-tests-0123456789";
    public const string StripeSecret = "whsec_test_endpoint_secret_0123456789";
    public const string PayPalWebhookId = "WH-TEST-0123456789";

    /// <summary>A file product sold in US dollars.</summary>
    public const string Ebook = "ebook";
    public const long EbookPrice = 1999;

    /// <summary>A file product sold in Kenyan shillings (PesaPal's home currency).</summary>
    public const string Course = "course-ke";
    public const long CoursePrice = 250000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly List<Uri> _gateways = [];

    private Shop(TestCluster cluster, PaymentProviderSimulator payments, CapturingLoggerProvider logs, string mailDirectory)
    {
        Cluster = cluster;
        Payments = payments;
        Logs = logs;
        MailDirectory = mailDirectory;
    }

    public TestCluster Cluster { get; }

    public PaymentProviderSimulator Payments { get; }

    /// <summary>Every log line (warnings and above) of every silo and gateway of this shop.</summary>
    public IReadOnlyList<string> LogLines => Logs.Lines;

    private CapturingLoggerProvider Logs { get; }

    /// <summary>Where the silos' mail sender drops delivery emails (.eml files).</summary>
    public string MailDirectory { get; }

    public HttpClient Http { get; } = new();

    public IReadOnlyList<Uri> Gateways => _gateways;

    public Uri Gateway => _gateways[0];

    /// <param name="providerClients">Configure the silos' payment-provider clients (section <c>Payments</c>).</param>
    /// <param name="configure">More settings for every silo and gateway, applied last.</param>
    /// <param name="routeDatabase">Maps the database's connection string to the one the silos use.</param>
    public static async Task<Shop> StartAsync(
        TestStore store = TestStore.Sqlite,
        int silos = 2,
        int gateways = 1,
        bool providerClients = true,
        Action<IDictionary<string, string?>>? configure = null,
        Func<string, string>? routeDatabase = null)
    {
        var payments = await PaymentProviderSimulator.StartAsync();
        var logs = new CapturingLoggerProvider();
        var mail = Path.Combine(Path.GetTempPath(), "orleans-delivery-tests", "shop-mail-" + Guid.NewGuid().ToString("N"));
        var options = new TestClusterOptions
        {
            Silos = silos,
            Store = store,
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
            SiloConnectionString = routeDatabase,
        };
        var settings = options.Configuration;
        settings["Api:StorefrontKeys:0"] = StorefrontKey;
        settings["Api:AdminKeys:0"] = AdminKey;
        settings["Webhooks:Stripe:Secrets:0"] = StripeSecret;
        settings["Webhooks:PayPal:WebhookId"] = PayPalWebhookId;
        settings["Webhooks:PayPal:AllowedCertificateHosts:0"] = payments.BaseUrl.Host;
        settings["Webhooks:PayPal:AllowInsecureCertificateUrls"] = "true";
        settings["Mail:PickupDirectory"] = mail;
        settings["Files:Local:RootPath"] = FilesDirectoryOf(mail);
        settings["Effects:RetryBase"] = "00:00:10";
        settings["Effects:MaxAttempts"] = "4";
        foreach (var provider in providerClients ? ["Stripe", "PayPal", "PesaPal"] : Array.Empty<string>())
        {
            settings[$"Payments:{provider}:BaseUrl"] = payments.BaseUrl.ToString();
            // The outbox retries with backoff on the test clock; the client's own retries would wait on it too.
            settings[$"Payments:{provider}:MaxRetryAttempts"] = "0";
        }

        if (providerClients)
        {
            settings["Payments:Stripe:SecretKey"] = PaymentProviderSimulator.StripeSecretKey;
            settings["Payments:PayPal:ClientId"] = PaymentProviderSimulator.PayPalClientId;
            settings["Payments:PayPal:ClientSecret"] = PaymentProviderSimulator.PayPalClientSecret;
            settings["Payments:PesaPal:ConsumerKey"] = PaymentProviderSimulator.PesaPalConsumerKey;
            settings["Payments:PesaPal:ConsumerSecret"] = PaymentProviderSimulator.PesaPalConsumerSecret;
        }

        configure?.Invoke(settings);
        var cluster = await TestCluster.StartAsync(options);
        var shop = new Shop(cluster, payments, logs, mail);
        for (var i = 0; i < gateways; i++)
        {
            shop._gateways.Add(await cluster.StartGatewayAsync());
        }

        await shop.SeedCatalogAsync();
        return shop;
    }

    public DateTimeOffset Now => Cluster.Time.GetUtcNow();

    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    // ---- checkout and admin ---------------------------------------------------------------------------------

    public Task<HttpResponseMessage> CheckoutAsync(object body, string? idempotencyKey = null, int gateway = 0, string key = StorefrontKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways[gateway], "/api/orders")) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Creates an order for <paramref name="quantity"/> × <paramref name="sku"/> and returns it.</summary>
    public async Task<OrderView> CreateOrderAsync(string sku = Ebook, int quantity = 1, string? email = null)
    {
        using var response = await CheckoutAsync(new
        {
            customer = new { email = email ?? $"buyer-{Guid.NewGuid():N}@example.com", name = "Ada Buyer" },
            items = new[] { new { sku, quantity } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderView>(Json))!;
    }

    public async Task<OrderView> GetOrderAsync(string orderId, int gateway = 0)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}", StorefrontKey, gateway: gateway);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderView>(Json))!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null, int gateway = 0)
    {
        var request = new HttpRequestMessage(method, new Uri(_gateways[gateway], path));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return Http.SendAsync(request);
    }

    /// <summary>The entries of an operator stream (<c>GET /admin/{stream}</c>) that concern <paramref name="orderId"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> StreamAsync(string stream, string orderId)
    {
        // Grains append to the operations tables with effects, after they answer.
        await Cluster.DrainAsync();
        using var response = await SendAsync(HttpMethod.Get, $"/admin/{stream}?limit=500", AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return page["items"]!.AsArray().Select(i => i!.AsObject()).Where(i => (string?)i["grain"] == orderId).ToList();
    }

    /// <summary>The alerts (kinds, e.g. <c>payment-mismatch</c>) raised for <paramref name="orderId"/>.</summary>
    public async Task<IReadOnlyList<string>> AlertKindsAsync(string orderId) =>
        (await StreamAsync("alerts", orderId)).Select(a => (string)a["entry"]!["kind"]!).ToList();

    /// <summary>The orders in the review queue (<c>GET /admin/review</c>).</summary>
    public async Task<IReadOnlyList<string>> ReviewQueueAsync()
    {
        await Cluster.DrainAsync();
        using var response = await SendAsync(HttpMethod.Get, "/admin/review", AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(r => (string)r!["orderId"]!).ToList();
    }

    /// <summary>Webhooks kept for inspection (<c>GET /admin/unmatched-webhooks</c>), each entry as JSON text.</summary>
    public async Task<IReadOnlyList<string>> UnmatchedWebhooksAsync()
    {
        await Cluster.DrainAsync();
        using var response = await SendAsync(HttpMethod.Get, "/admin/unmatched-webhooks?limit=500", AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return page["items"]!.AsArray().Select(i => i!["entry"]!.ToJsonString()).ToList();
    }

    /// <summary>The effects the order planned (calls and messages to other grains): finished ones first, then pending.</summary>
    public Task<IReadOnlyList<EffectView>> OutboxAsync(string orderId) => Cluster.OrderEffectsAsync(orderId);

    /// <summary>Delivery emails that reached the mail pickup folder for <paramref name="email"/>.</summary>
    public int EmailsTo(string email) =>
        !Directory.Exists(MailDirectory)
            ? 0
            : Directory.EnumerateFiles(MailDirectory, "*.eml").Count(f => File.ReadAllText(f).Contains(email, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Message-ID of every delivery email in the pickup folder for <paramref name="email"/>.</summary>
    public IReadOnlyList<string> MessageIdsTo(string email) =>
        !Directory.Exists(MailDirectory)
            ? []
            : Directory.EnumerateFiles(MailDirectory, "*.eml")
                .Select(File.ReadAllLines)
                .Where(lines => lines.Any(l => l.Contains(email, StringComparison.OrdinalIgnoreCase)))
                .Select(lines => lines.First(l => l.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))[11..].Trim())
                .ToList();

    // ---- webhooks -------------------------------------------------------------------------------------------

    public string SignStripe(string payload, DateTimeOffset? at = null, string secret = StripeSecret) =>
        StripeWebhookSigner.Sign(payload, secret, at ?? Now);

    /// <summary>POSTs a Stripe event; <paramref name="signature"/> null sends no <c>Stripe-Signature</c> header.</summary>
    public Task<HttpResponseMessage> PostStripeAsync(string payload, string? signature, int gateway = 0)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways[gateway], "/webhooks/stripe"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(StripeSignatureVerifier.HeaderName, signature);
        }

        return Http.SendAsync(request);
    }

    /// <summary>POSTs a Stripe event signed now with the endpoint secret.</summary>
    public Task<HttpResponseMessage> PostSignedStripeAsync(string payload, int gateway = 0) =>
        PostStripeAsync(payload, SignStripe(payload), gateway);

    public PayPalSignedWebhook SignPayPal(string payload, DateTimeOffset? at = null) =>
        Payments.PayPalSigner.SignDelivery(payload, PayPalWebhookId, Payments.PayPalCertificateUrl, at ?? Now);

    /// <summary>POSTs a PayPal event with the given signature headers (null: none).</summary>
    public Task<HttpResponseMessage> PostPayPalAsync(string payload, PayPalSignedWebhook? signed, string? omitHeader = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, "/webhooks/paypal"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in signed?.ToHeaders() ?? [])
        {
            if (!string.Equals(name, omitHeader, StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostSignedPayPalAsync(string payload) => PostPayPalAsync(payload, SignPayPal(payload));

    /// <summary>POSTs a PesaPal IPN as a JSON body, the way an IPN URL registered for POST receives it.</summary>
    public Task<HttpResponseMessage> PostPesaPalIpnAsync(string trackingId, string merchantReference) =>
        Http.PostAsync(
            new Uri(Gateway, "/webhooks/pesapal"),
            new StringContent(
                new JsonObject
                {
                    ["OrderNotificationType"] = "IPNCHANGE",
                    ["OrderTrackingId"] = trackingId,
                    ["OrderMerchantReference"] = merchantReference,
                }.ToJsonString(),
                Encoding.UTF8,
                "application/json"));

    /// <summary>The order as <c>GET /api/orders/{id}</c> answers it, byte for byte.</summary>
    public async Task<string> OrderJsonAsync(string orderId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}", StorefrontKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Fails if any host logged an error: bad input must be answered, never thrown.</summary>
    public void AssertNoErrorsLogged() =>
        Assert.DoesNotContain(LogLines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));

    /// <summary>The Problem Details <c>code</c> of an error response.</summary>
    public static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Cluster.DisposeAsync();
        await Payments.DisposeAsync();
        foreach (var directory in (string[])[MailDirectory, FilesDirectoryOf(MailDirectory)])
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The shop's own file store folder, beside its mail folder.</summary>
    private static string FilesDirectoryOf(string mailDirectory) => mailDirectory + "-files";

    private async Task SeedCatalogAsync()
    {
        await PutAsync("/admin/settings", new StoreSettingsDefinition("Test Shop", null, "support@shop.example", "orders@shop.example", "Test Shop"));

        // A file product is refused unless its file is stored.
        await UploadAsync("ebooks/guide.pdf", "application/pdf");
        await UploadAsync("courses/course.zip", "application/zip");
        await PutAsync($"/admin/products/{Ebook}", new ProductDefinition(
            Ebook, "Field Guide (e-book)", EbookPrice, "USD", FulfillmentKind.File, DownloadLimit: 3, FileKey: "ebooks/guide.pdf", FileName: "guide.pdf"));
        await PutAsync($"/admin/products/{Course}", new ProductDefinition(
            Course, "Video Course", CoursePrice, "KES", FulfillmentKind.File, DownloadLimit: 5, FileKey: "courses/course.zip", FileName: "course.zip"));
    }

    private async Task UploadAsync(string key, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"the file {key}"));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Gateway, $"/admin/files/{key}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/files/{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task PutAsync<T>(string path, T body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Gateway, path)) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
