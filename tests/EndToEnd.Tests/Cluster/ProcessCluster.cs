using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// A cluster as an operator runs it, on real parts: Silo processes and a standalone Gateway process (an Orleans
/// client) on one fresh PostgreSQL database, the supplier simulator, and an SMTP server of its own. Orders are created
/// and paid through the gateway's HTTP endpoints as a storefront and Stripe do. The test process also joins as an
/// Orleans client, only to ask the management grain which silo holds which order.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string StorefrontKey = "procs-storefront-key-0123456789";
    public const string AdminKey = "procs-admin-key-0123456789";
    public const string StripeSecret = "whsec_procs_0123456789abcdef";
    public const string CompletedSku = "gift-completed";
    public const string SlowSku = "gift-slow";
    public const string PolledSku = "gift-polled";

    /// <summary>How long the slow supplier SKU takes to answer (under the supplier client's 10 s request timeout).</summary>
    public static readonly TimeSpan SupplierDelay = TimeSpan.FromSeconds(6);

    /// <summary>How often an order awaiting the supplier polls it (<c>Orders:PollEvery</c>).</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, string> _settings;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IHost? _client;
    private SiloProcess? _gateway;
    private bool _singleNode;

    private ProcessCluster(ITestOutputHelper output, string connectionString, SupplierSimulatorHost supplier, SmtpServer smtp, Dictionary<string, string> settings)
    {
        _output = output;
        ConnectionString = connectionString;
        Supplier = supplier;
        Smtp = smtp;
        _settings = settings;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public string ConnectionString { get; }

    public SupplierSimulatorHost Supplier { get; }

    public SmtpServer Smtp { get; }

    public HttpClient Http { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>The gateway process; on the single node, the node itself.</summary>
    public SiloProcess Gateway
    {
        get => _singleNode ? Silos[0] : _gateway!;
        private set => _gateway = value;
    }

    /// <summary>
    /// Starts <paramref name="silos"/> silo processes (at once, as an orchestrator does: each migrates the schema
    /// under the advisory lock) and a gateway process, and stocks the three supplier products.
    /// </summary>
    public static Task<ProcessCluster> StartAsync(ITestOutputHelper output, int silos = 3, string? connectionString = null, IReadOnlyDictionary<string, string>? extra = null) =>
        StartAsync(output, silos, connectionString, extra, singleNode: false);

    /// <summary>
    /// The single node: one Silo process on SQLite in a working directory of its own (no connection string), the
    /// gateway's endpoints co-hosted in it; <see cref="Gateway"/> is that process too.
    /// </summary>
    public static Task<ProcessCluster> StartSingleNodeAsync(ITestOutputHelper output) => StartAsync(output, 1, null, null, singleNode: true);

    private static async Task<ProcessCluster> StartAsync(ITestOutputHelper output, int silos, string? connectionString, IReadOnlyDictionary<string, string>? extra, bool singleNode)
    {
        connectionString ??= singleNode ? "" : await (await PostgresServer.Instance).CreateDatabaseAsync("procs");
        var supplier = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            Skus = new Dictionary<string, SupplierBehaviour>(StringComparer.Ordinal)
            {
                ["GC-SLOW"] = SupplierBehaviour.Slow(SupplierDelay),
                ["GC-POLLED"] = SupplierBehaviour.PendingThenCompletedOnPoll(2),
            },
        });
        var smtp = await SmtpServer.CreateAsync();
        var cluster = Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Store__SqlitePath"] = Path.Combine("data", "orleans-delivery.db"),
            ["Orleans__ClusterId"] = $"procs-{cluster}",
            ["Orleans__ServiceId"] = $"procs-{cluster}",
            ["Supplier__BaseUrl"] = supplier.BaseUrl.ToString(),
            ["Supplier__ApiKey"] = supplier.Options.ApiKey,
            ["Supplier__RetryDelay"] = "00:00:00",
            ["Supplier__Webhook__Secret"] = supplier.Options.WebhookSecret,
            ["Webhooks__Stripe__Secrets__0"] = StripeSecret,
            ["Mail__Provider"] = "smtp",
            ["Mail__Smtp__Host"] = smtp.Host,
            ["Mail__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail__Smtp__EnableSsl"] = "false",
            ["Alerts__Email"] = $"ops-{cluster}@example.test",
            ["Api__StorefrontKeys__0"] = StorefrontKey,
            ["Api__AdminKeys__0"] = AdminKey,
            ["Links__Secret"] = "procs-link-secret-0123456789abcdef0123",
            ["Links__PublicBaseUrl"] = "http://127.0.0.1:5000",
            ["Catalog__SeedFile"] = "",
            ["Orders__PollEvery"] = PollEvery.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Orleans.Delivery"] = "Information",

            // An email the mail server refused is tried again within seconds, so recovery is what is measured.
            ["Effects__RetryBase"] = "00:00:01",
            ["Effects__RetryMax"] = "00:00:03",
            ["Effects__MaxAttempts"] = "1000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var processes = new ProcessCluster(output, connectionString, supplier, smtp, settings) { _singleNode = singleNode };
        try
        {
            processes.Silos.AddRange(await Task.WhenAll(Enumerable.Range(0, silos).Select(i => processes.StartSiloAsync($"silo-{i}"))));
            if (!singleNode)
            {
                processes.Gateway = await SiloProcess.StartGatewayAsync("gateway", settings, TimeSpan.FromSeconds(90));
            }

            processes.Log(singleNode ? "single node up" : $"{silos} silos and a gateway up");
            await processes.StockAsync();
            return processes;
        }
        catch
        {
            await processes.DisposeAsync();
            throw;
        }
    }

    public Uri GatewayAddress => Gateway.BaseAddress;

    /// <summary>Seconds since the cluster started, for the test's output.</summary>
    public void Log(string message) => _output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {message}");

    public async Task<SiloProcess> StartSiloAsync(string name)
    {
        var settings = new Dictionary<string, string>(_settings, StringComparer.Ordinal)
        {
            ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        };
        return await SiloProcess.StartAsync(name, settings, TimeSpan.FromSeconds(120));
    }

    /// <summary>Creates an order of one unit of <paramref name="sku"/> through the gateway and pays it with a signed Stripe event.</summary>
    public async Task<Buyer> CreateAndPayAsync(string sku, CancellationToken cancellationToken = default)
    {
        var buyer = await CreateAsync(sku, cancellationToken);
        using var paid = await PayAsync(buyer, cancellationToken: cancellationToken);
        Assert.True(paid.IsSuccessStatusCode, $"payment of {buyer.OrderId}: {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync(cancellationToken)}");
        return buyer;
    }

    public async Task<Buyer> CreateAsync(string sku, CancellationToken cancellationToken = default)
    {
        var unique = Guid.NewGuid().ToString("N");
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(GatewayAddress, "api/orders"))
        {
            Content = JsonContent.Create(new { customer = new { email = $"buyer-{unique}@example.test" }, items = new[] { new { sku, quantity = 1 } } }),
        };
        create.Headers.Add("X-Api-Key", StorefrontKey);
        create.Headers.Add("Idempotency-Key", $"procs-{unique}");
        using var created = await Http.SendAsync(create, cancellationToken);
        var body = await created.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"create: {(int)created.StatusCode} {body}");
        using var order = JsonDocument.Parse(body);
        return new Buyer(
            order.RootElement.GetProperty("orderId").GetString()!,
            $"buyer-{unique}@example.test",
            order.RootElement.GetProperty("amountMinor").GetInt64());
    }

    /// <summary>Posts a signed Stripe "payment succeeded" event for the order to the gateway; the caller reads the answer.</summary>
    /// <param name="unique">The event's id suffix: the same for a delivery of the same event again, as Stripe retries.</param>
    public async Task<HttpResponseMessage> PayAsync(Buyer buyer, string? unique = null, CancellationToken cancellationToken = default)
    {
        unique ??= Guid.NewGuid().ToString("N");
        var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{unique}", $"pi_{unique}", buyer.OrderId, buyer.AmountMinor, "usd");
        using var pay = new HttpRequestMessage(HttpMethod.Post, new Uri(GatewayAddress, "webhooks/stripe"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        pay.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, TimeProvider.System.GetUtcNow()));
        return await Http.SendAsync(pay, cancellationToken);
    }

    /// <summary>The order as the gateway's admin page shows it, or null when it does not answer 200 within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement?> OrderAsync(string orderId, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(GatewayAddress, $"admin/orders/{orderId}"));
        request.Headers.Add("X-Api-Key", AdminKey);
        using var budget = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            using var response = await Http.SendAsync(request, budget.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(budget.Token));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The supplier orders the simulator holds for this order (two mean it was bought twice).</summary>
    public IReadOnlyList<SupplierLedgerEntry> SupplierOrders(string orderId) =>
        [.. Supplier.Ledger.Where(o => o.Reference.Contains(orderId, StringComparison.Ordinal))];

    /// <summary>Waits until every buyer has at least one email, then asserts each got exactly one and each order was bought once.</summary>
    public async Task AssertDeliveredOnceAsync(IReadOnlyCollection<Buyer> buyers, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(
            async () =>
            {
                var messages = await Smtp.MessagesAsync();
                return buyers.All(b => messages.Any(m => m.To.Contains(b.Email, StringComparer.OrdinalIgnoreCase)));
            },
            timeout ?? Wait,
            $"a delivery email to each of {buyers.Count} buyers");
        await AssertExactlyOnceAsync(buyers);
    }

    /// <summary>Each buyer has exactly one email and each order exactly one supplier order, as things stand now.</summary>
    public async Task AssertExactlyOnceAsync(IReadOnlyCollection<Buyer> buyers)
    {
        var messages = await Smtp.MessagesAsync();
        var emails = buyers.ToDictionary(b => b.OrderId, b => messages.Count(m => m.To.Contains(b.Email, StringComparer.OrdinalIgnoreCase)));
        var bought = buyers.ToDictionary(b => b.OrderId, b => SupplierOrders(b.OrderId).Count);
        var twiceEmailed = emails.Where(e => e.Value > 1).Select(e => $"{e.Key}: {e.Value} emails").ToList();
        var twiceBought = bought.Where(e => e.Value > 1).Select(e => $"{e.Key}: {e.Value} supplier orders").ToList();
        var notEmailed = emails.Where(e => e.Value == 0).Select(e => e.Key).ToList();
        var notBought = bought.Where(e => e.Value == 0).Select(e => e.Key).ToList();
        Log($"{buyers.Count} orders: {twiceEmailed.Count} emailed twice, {twiceBought.Count} bought twice, {notEmailed.Count} without email, {notBought.Count} not bought");
        Assert.Empty(twiceEmailed);
        Assert.Empty(twiceBought);
        Assert.Empty(notEmailed);
        Assert.Empty(notBought);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; the timeout message carries every process's last output.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        try
        {
            await Poll.UntilAsync(condition, timeout, what, interval ?? TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Tails()}", e);
        }
    }

    public string Tails() => string.Join("\n", Silos.Concat(_gateway is null ? [] : [_gateway]).Select(s => s.Tail(20)));

    /// <summary>Which silo process holds each of these orders' activations right now (orders not active are left out).</summary>
    public async Task<Dictionary<string, SiloProcess>> HostsAsync(IEnumerable<string> orderIds)
    {
        var management = (await ClientAsync()).Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        var wanted = orderIds.ToHashSet(StringComparer.Ordinal);
        var hosts = new Dictionary<string, SiloProcess>(StringComparer.Ordinal);
        foreach (var statistic in statistics)
        {
            var key = statistic.GrainId.Key.ToString();
            if (key is not null && wanted.Contains(key)
                && Silos.FirstOrDefault(s => !s.HasExited && s.Settings["Orleans__SiloPort"] == statistic.SiloAddress.Endpoint.Port.ToString(CultureInfo.InvariantCulture)) is { } silo)
            {
                hosts[key] = silo;
            }
        }

        return hosts;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // The cluster is going away with it.
            }

            _client.Dispose();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        Http.Dispose();
        await Supplier.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private async Task<IHost> ClientAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddFilter(level => level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_settings["Orleans__ClusterId"], _settings["Orleans__ServiceId"]))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", ConnectionString)));
        var host = builder.Build();
        await host.StartAsync();
        _client = host;
        return host;
    }

    private async Task StockAsync()
    {
        await PutAsync("admin/settings", new { storeName = "Codes & Co", supportEmail = "support@example.test", senderAddress = "orders@example.test", senderName = "Codes & Co" });
        foreach (var (sku, supplierSku) in new[] { (CompletedSku, "GC-COMPLETED"), (SlowSku, "GC-SLOW"), (PolledSku, "GC-POLLED") })
        {
            await PutAsync($"admin/products/{sku}", new
            {
                sku,
                name = "Gift Card",
                priceMinor = 2500,
                currency = "USD",
                kind = "supplierCode",
                supplierSku,
                denomination = "$25",
                instructions = "Redeem the code in the store.",
            });
        }
    }

    private async Task PutAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(GatewayAddress, path)) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A loopback port free right now.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
