using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Orleans.Delivery.Silo.Database;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// The standalone Gateway process (an Orleans client) on a PostgreSQL cluster database where no silo runs yet: it
/// starts, listens and answers every webhook 503 with <c>Retry-After</c> (never 2xx, never a refused connection) while
/// it keeps trying to connect; once a Silo process joins, the same gateway records webhooks without a restart, and
/// when that silo is killed it answers 503 again.
/// </summary>
public sealed class GatewayBeforeSilosPostgresTests(ITestOutputHelper output)
{
    private const string StorefrontKey = "nosilo-storefront-key-0123456789";
    private const string AdminKey = "nosilo-admin-key-0123456789";
    private const string StripeSecret = "whsec_nosilo_0123456789abcdef";
    private const string Sku = "gift-25";
    private const int ConnectionFailedEventId = 2700;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Webhook_NoSiloUp_Answers503WithRetryAfter_ThenRecordedOnceASiloJoins()
    {
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("nosilo");
        await MigrateCommand.MigrateAsync(connectionString, CancellationToken.None);
        var settings = Settings(connectionString);

        await using var gateway = await SiloProcess.StartAsync(
            "gateway", settings, WaitLimit, assembly: SiloProcess.GatewayAssembly, waitForHealth: false);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // No silo: the gateway listens and refuses to acknowledge anything, several times over.
        var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_nosilo_{Guid.NewGuid():N}", "pi_nosilo", "ord_nosilo", 2500, "usd");
        for (var i = 0; i < 5; i++)
        {
            using var answer = await PostWebhookAsync(http, payload);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"webhook {i}: {(int)answer.StatusCode} {body}");
            Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"webhook {i} has no Retry-After: {answer.Headers}");
            Assert.Contains("\"code\":\"store_unavailable\"", body, StringComparison.Ordinal);
        }

        using (var health = await http.GetAsync(new Uri("health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        // It keeps trying: Orleans' own filter would have given up and stopped the host.
        await Poll.UntilAsync(
            () => Task.FromResult(gateway.HasExited || gateway.Entries(ConnectionFailedEventId).Count >= 3),
            WaitLimit,
            "the gateway to retry its connection to the cluster three times");
        Assert.False(gateway.HasExited, gateway.Tail());

        // A silo joins: the running gateway finds it, and until then answers nothing but 503.
        var silo = Settings(connectionString);
        silo["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        silo["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        await using var node = await SiloProcess.StartAsync("silo", silo, WaitLimit);
        output.WriteLine($"silo up; gateway retried {gateway.Entries(ConnectionFailedEventId).Count} time(s)");
        await Poll.UntilAsync(
            async () =>
            {
                using var product = await PutProductAsync(http);
                Assert.True(
                    product.IsSuccessStatusCode || (product.StatusCode == HttpStatusCode.ServiceUnavailable && product.Headers.RetryAfter is not null),
                    $"while connecting: {(int)product.StatusCode} {await product.Content.ReadAsStringAsync()}");
                return product.IsSuccessStatusCode;
            },
            WaitLimit,
            "the gateway to connect to the silo and store a product");

        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri("api/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(new { customer = new { email = "buyer@example.com" }, items = new[] { new { sku = Sku, quantity = 1 } } }),
        };
        create.Headers.Add("X-Api-Key", StorefrontKey);
        using var created = await http.SendAsync(create);
        var order = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"create: {(int)created.StatusCode} {order}");
        var orderId = JsonDocument.Parse(order).RootElement.GetProperty("orderId").GetString()!;

        using (var paid = await PostWebhookAsync(http, StripeEventPayloads.PaymentIntentSucceeded($"evt_nosilo_{Guid.NewGuid():N}", "pi_nosilo_2", orderId, 2500, "usd")))
        {
            Assert.True(paid.IsSuccessStatusCode, $"payment: {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync()}");
        }

        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri($"admin/orders/{orderId}", UriKind.Relative));
        read.Headers.Add("X-Api-Key", AdminKey);
        using var recorded = await http.SendAsync(read);
        var state = await recorded.Content.ReadAsStringAsync();
        Assert.True(recorded.IsSuccessStatusCode, state);
        Assert.NotEqual("pending_payment", JsonDocument.Parse(state).RootElement.GetProperty("status").GetString());

        // The only silo is killed: the connected gateway is back to answering 503 with Retry-After, never 2xx.
        await node.KillAsync();
        for (var i = 0; i < 3; i++)
        {
            using var answer = await PostWebhookAsync(http, StripeEventPayloads.PaymentIntentSucceeded($"evt_nosilo_{Guid.NewGuid():N}", "pi_nosilo_3", orderId, 2500, "usd"));
            Assert.True(
                answer.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Headers.RetryAfter is not null,
                $"webhook {i} with the silo killed: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient http, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("webhooks/stripe", UriKind.Relative))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, TimeProvider.System.GetUtcNow()));
        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PutProductAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"admin/products/{Sku}", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                sku = Sku,
                name = "Gift Card",
                priceMinor = 2500,
                currency = "USD",
                kind = "supplierCode",
                supplierSku = "GC-25",
                denomination = "$25",
            }),
        };
        request.Headers.Add("X-Api-Key", AdminKey);
        return await http.SendAsync(request);
    }

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["Logging__LogLevel__Orleans.Delivery"] = "Information",
        ["Api__StorefrontKeys__0"] = StorefrontKey,
        ["Api__AdminKeys__0"] = AdminKey,
        ["Webhooks__Stripe__Secrets__0"] = StripeSecret,
        ["Links__Secret"] = "nosilo-link-secret-0123456789abcdef0123",
        ["Links__PublicBaseUrl"] = "http://127.0.0.1:5000",
        ["Catalog__SeedFile"] = "",
    };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
