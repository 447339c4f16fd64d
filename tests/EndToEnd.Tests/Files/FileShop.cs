using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Files;

/// <summary>
/// A store selling files, run as a <see cref="TestCluster"/> with real gateways on loopback: the catalog and files go
/// in through the admin API, orders through the checkout API, payments through the Stripe webhook endpoint (signed
/// as Stripe signs), delivery emails to the real SMTP server. Buyers' links point at <see cref="PublicBaseUrl"/>, as
/// in production; <see cref="OnGateway"/> sends them to a gateway instead.
/// </summary>
internal sealed partial class FileShop : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://shop.example.test";
    public const string AdminKey = "files-admin-key-0123456789";
    public const string StorefrontKey = "files-storefront-key-0123456789";
    public const string StripeSecret = "whsec_files_0123456789abcdef";
    public const string SupportEmail = "help@sokobuni.example";
    public const string StoreName = "Sokobuni Books";
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    private readonly List<Uri> gateways;
    private readonly string directory;

    private FileShop(TestCluster cluster, List<Uri> gateways, SmtpServer smtp, string directory)
    {
        Cluster = cluster;
        this.gateways = gateways;
        Smtp = smtp;
        this.directory = directory;
        // Redirects are what the tests look at: a 303 to a file URL is the download action's answer.
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Bounded,
        };
    }

    public TestCluster Cluster { get; }

    public SmtpServer Smtp { get; }

    public HttpClient Http { get; }

    public Uri Gateway => gateways[0];

    public IReadOnlyList<Uri> Gateways => gateways;

    /// <summary>A folder of this shop's own (local file store, secrets), deleted with it.</summary>
    public string Directory => directory;

    public IGrainFactory Grains => Cluster.Silos[0].Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts the cluster and its gateways, sets the store up, and configures files as <paramref name="files"/> says.</summary>
    public static async Task<FileShop> StartAsync(
        TestStore store, int silos, int gateways, Action<Dictionary<string, string?>, string> files, Action<TestClusterOptions>? configure = null)
    {
        var smtp = await SmtpServer.Shared;
        var directory = Path.Combine(Path.GetTempPath(), "orleans-delivery-files-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var options = new TestClusterOptions { Store = store, Silos = silos };
        var settings = options.Configuration;
        settings["Api:AdminKeys:0"] = AdminKey;
        settings["Api:StorefrontKeys:0"] = StorefrontKey;
        settings["Webhooks:Stripe:Secrets:0"] = StripeSecret;
        settings["Mail:Provider"] = "smtp";
        settings["Mail:Smtp:Host"] = smtp.Host;
        settings["Mail:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:Smtp:EnableSsl"] = "false";
        settings["Links:PublicBaseUrl"] = PublicBaseUrl;
        files(settings, directory);
        configure?.Invoke(options);

        var cluster = await TestCluster.StartAsync(options);
        var addresses = new List<Uri>();
        for (var i = 0; i < gateways; i++)
        {
            addresses.Add(await cluster.StartGatewayAsync());
        }

        var shop = new FileShop(cluster, addresses, smtp, directory);
        await shop.AdminAsync(HttpMethod.Put, "/admin/settings", new StoreSettingsDefinition(StoreName, "https://cdn.example.test/logo.png", SupportEmail, "orders@sokobuni.example", StoreName));
        return shop;
    }

    /// <summary>Files in a bucket of the shared S3-compatible server; minted URLs valid for <paramref name="validity"/>.</summary>
    public static Action<Dictionary<string, string?>, string> S3(S3Server server, string bucket, TimeSpan? validity = null) => (settings, _) =>
    {
        settings["Files:Provider"] = "S3";
        settings["Files:S3:Bucket"] = bucket;
        settings["Files:S3:ServiceUrl"] = server.ServiceUrl;
        settings["Files:S3:ForcePathStyle"] = "true";
        settings["Files:S3:Region"] = S3Server.Region;
        settings["Files:S3:AccessKey"] = S3Server.AccessKey;
        settings["Files:S3:SecretKey"] = S3Server.SecretKey;
        settings["Files:MaxUploadBytes"] = "262144";
        if (validity is { } v)
        {
            settings["Files:DownloadUrlValidity"] = v.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
    };

    /// <summary>The single-node default's local store, in this shop's folder, with its generated signing secret.</summary>
    public static Action<Dictionary<string, string?>, string> Local() => (settings, directory) =>
    {
        settings["Files:Local:RootPath"] = Path.Combine(directory, "files");
        settings["Files:Local:SecretFile"] = Path.Combine(directory, "file-url.key");
        settings["Files:Local:PublicBaseUrl"] = PublicBaseUrl;
        settings["Files:MaxUploadBytes"] = "262144";
    };

    /// <summary>A file product with its file uploaded through the admin API.</summary>
    public async Task<FileProduct> AddFileProductAsync(byte[] bytes, int? downloadLimit, string contentType = "application/pdf")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var product = new FileProduct($"ebook-{id}", $"The Field Guide {id}", $"ebooks/{id}/field-guide.pdf", "Field Guide.pdf", 1299, bytes);
        using (var upload = await UploadAsync(product.FileKey, bytes, contentType))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        await AdminAsync(HttpMethod.Put, $"/admin/products/{product.Sku}", new ProductDefinition(
            product.Sku, product.Name, product.PriceMinor, "USD", FulfillmentKind.File, downloadLimit, product.FileKey, product.FileName));
        return product;
    }

    public async Task<HttpResponseMessage> UploadAsync(string key, byte[] bytes, string? contentType, string apiKey = AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Gateway, "/admin/files/" + key)) { Content = new ByteArrayContent(bytes) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>An upload whose length is not declared (chunked), as a stream too large to hold in memory is sent.</summary>
    public async Task<HttpResponseMessage> UploadStreamAsync(string key, Stream content, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Gateway, "/admin/files/" + key)) { Content = new StreamContent(content) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.SendAsync(request);
    }

    /// <summary>Places an order for one <paramref name="product"/> through the checkout API; answers its id.</summary>
    public async Task<string> PlaceOrderAsync(string email, FileProduct product)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, "/api/orders"))
        {
            Content = JsonContent.Create(new { customer = new { email, name = "Amani" }, items = new[] { new { sku = product.Sku, quantity = 1 } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StorefrontKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString()!;
    }

    /// <summary>Stripe reports the payment (succeeded or failed) to the webhook endpoint; then the silos do their work.</summary>
    public async Task PayAsync(string orderId, FileProduct product, bool succeeded = true)
    {
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var intent = "pi_" + Guid.NewGuid().ToString("N");
        var payload = succeeded
            ? StripeEventPayloads.PaymentIntentSucceeded(eventId, intent, orderId, product.PriceMinor, "usd")
            : StripeEventPayloads.PaymentIntentFailed(eventId, intent, orderId, product.PriceMinor, "usd");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, "/webhooks/stripe"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, Cluster.Time.GetUtcNow()));
        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await Cluster.DrainAsync();
    }

    /// <summary>An admin API call; fails the test unless it succeeds.</summary>
    public async Task<JsonElement> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            });
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every email to <paramref name="email"/> so far (the silos have drained, so nothing is on its way).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailToAsync(string email) =>
        (await Smtp.MessagesAsync()).Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The "Download Now" links of an email, as the buyer's mail client shows them.</summary>
    public static IReadOnlyList<Uri> DownloadLinks(ReceivedMail mail) =>
        DownloadLink().Matches(mail.Text ?? "").Select(m => new Uri(m.Value)).Distinct().ToList();

    public static Uri AccountLink(ReceivedMail mail) => new(AccountLinkPattern().Match(mail.Text ?? "").Value);

    /// <summary>A buyer's link (on the public address) sent to gateway <paramref name="index"/> instead.</summary>
    public Uri OnGateway(Uri link, int index = 0)
    {
        Assert.StartsWith(PublicBaseUrl + "/", link.AbsoluteUri, StringComparison.Ordinal);
        return new Uri(gateways[index], link.PathAndQuery);
    }

    public Task<CustomerView> CustomerAsync(string customerId) => Grains.GetGrain<ICustomerGrain>(customerId).GetAsync();

    /// <summary>The downloads stream's entries of one customer: one per minted file URL.</summary>
    public async Task<IReadOnlyList<DownloadRecord>> DownloadsOfAsync(string customerId)
    {
        var rows = await Cluster.StreamAsync(OperationsStreams.Downloads, customerId);
        return rows.Select(r => JsonSerializer.Deserialize<DownloadRecord>(r.Entry, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
    }

    public static string Email() => $"buyer-{Guid.NewGuid():N}@example.test";

    public static string CustomerIdOf(string email) => "email:" + email.ToLowerInvariant();

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a host that is shutting down; the temp folder is the OS's to clean.
        }
    }

    [GeneratedRegex(@"https://shop\.example\.test/download/[A-Za-z0-9_.\-]+")]
    private static partial Regex DownloadLink();

    [GeneratedRegex(@"https://shop\.example\.test/account/[A-Za-z0-9_.\-]+")]
    private static partial Regex AccountLinkPattern();
}

/// <summary>A file product of a <see cref="FileShop"/>, with the bytes of its file.</summary>
internal sealed record FileProduct(string Sku, string Name, string FileKey, string FileName, long PriceMinor, byte[] Bytes);
