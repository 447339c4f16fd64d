using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Delivery.Gateway.Hosting;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// The whole delivery path on PostgreSQL with real time and the silos' own loops (LISTEN/NOTIFY, polling): a signed
/// Stripe webhook to the gateway, the order's turn, the supplier call (the simulator answering in 50 ms), the reply
/// turn, the delivery email to a real SMTP server, and its reply turn. Webhooks are offered at a fixed rate; latency
/// is from sending the webhook to the SMTP server accepting the email (its own receive time), per order.
/// </summary>
public static class DeliveryBenchmark
{
    private const string StripeSecret = "whsec_delivery_benchmark_0123456789";
    private const string Sku = "gift-20";
    private const string SupplierSku = "steam-20-usd";
    private const long Price = 2000;
    private static readonly TimeSpan SupplierLatency = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <param name="args">[seconds of offered load per run, default 20] [orders per second offered, default 50]</param>
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var orders = (int)Math.Round(seconds * rate);
        await using var smtp = await SmtpServer.CreateAsync();
        await using var supplier = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            DefaultLatency = SupplierLatency,
            InitialBalance = 1_000_000_000m,
        });

        Console.WriteLine(
            $"delivery benchmark: PostgreSQL, supplier simulator answering in {SupplierLatency.TotalMilliseconds:0} ms, real SMTP server, " +
            $"{Environment.ProcessorCount} cores (load average at start: {LoadAverage()}); gateway, silos, simulator and SMTP server share this machine");
        Console.WriteLine("| silos | offered orders/s | orders | delivered | delivered orders/s | p50 webhook→email ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var silos in new[] { 1, 3 })
        {
            await using var cluster = await BenchCluster.StartAsync(silos, supplier, smtp);
            await cluster.RunAsync(20, 20, warmUp: true);
            var paced = await cluster.RunAsync(orders, rate, warmUp: false);
            Console.WriteLine(paced.Row(silos, rate.ToString(CultureInfo.InvariantCulture)));
            var burst = await cluster.RunAsync(orders, int.MaxValue, warmUp: false);
            Console.WriteLine(burst.Row(silos, "all at once"));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Result(int Orders, int Delivered, double PerSecond, double P50, double P99, double Max)
    {
        public string Row(int silos, string offered) =>
            $"| {silos} | {offered} | {Orders} | {Delivered} | {PerSecond:0.0} | {P50:0} | {P99:0} | {Max:0} |";
    }

    /// <summary>One gateway and N silos in this process, each a host of its own on one fresh database.</summary>
    private sealed class BenchCluster : IAsyncDisposable
    {
        private readonly WebApplication _gateway;
        private readonly List<IHost> _silos;
        private readonly SupplierSimulatorHost _supplier;
        private readonly SmtpServer _smtp;
        private readonly HttpClient _http;
        private static int s_runs;
        private int _emailsSent;

        private BenchCluster(WebApplication gateway, List<IHost> silos, SupplierSimulatorHost supplier, SmtpServer smtp, Uri address)
        {
            _gateway = gateway;
            _silos = silos;
            _supplier = supplier;
            _smtp = smtp;
            _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            foreach (var silo in silos)
            {
                silo.Services.GetRequiredService<SiloWorker>().Dispatched += d =>
                {
                    if (d.Name == "delivery-email" && d.Outcome == DispatchOutcome.Completed)
                    {
                        Interlocked.Increment(ref _emailsSent);
                    }
                };
            }
        }

        private IGrainFactory Grains => _gateway.Services.GetRequiredService<IGrainFactory>();

        public static async Task<BenchCluster> StartAsync(int silos, SupplierSimulatorHost supplier, SmtpServer smtp)
        {
            var connection = new NpgsqlConnectionStringBuilder(await (await PostgresServer.Instance).CreateDatabaseAsync("delivery_bench")) { MaxPoolSize = 40 };
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = connection.ConnectionString,
                ["Supplier:BaseUrl"] = supplier.BaseUrl.ToString(),
                ["Supplier:ApiKey"] = supplier.Options.ApiKey,
                ["Supplier:Webhook:Secret"] = supplier.Options.WebhookSecret,
                ["Webhooks:Stripe:Secrets:0"] = StripeSecret,
                ["Mail:Provider"] = "smtp",
                ["Mail:Smtp:Host"] = smtp.Host,
                ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Mail:Smtp:EnableSsl"] = "false",
                ["Links:Secret"] = "delivery-benchmark-link-secret-0123456789",
                ["Logging:LogLevel:Default"] = "Warning",
            };

            var web = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            web.Configuration.AddInMemoryCollection(settings);
            web.WebHost.UseUrls("http://127.0.0.1:0");
            web.Services.AddGateway(web.Configuration);
            var gateway = web.Build();
            gateway.MapGateway();
            await gateway.StartAsync();
            var address = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

            var hosts = new List<IHost>();
            for (var i = 0; i < silos; i++)
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Configuration["Silo:SiloId"] = $"bench-silo-{i}";
                builder.Services.AddGrainStore(builder.Configuration);
                builder.Services.AddSilo(builder.Configuration);
                builder.Services.AddDeliveryHandlers(builder.Configuration);
                var host = builder.Build();
                await host.StartAsync();
                hosts.Add(host);
            }

            var cluster = new BenchCluster(gateway, hosts, supplier, smtp, address);
            var catalog = cluster.Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
            await catalog.UpdateSettingsAsync(new StoreSettingsDefinition("Bench Store", null, "support@bench.test", "orders@bench.test"));
            await catalog.UpsertProductAsync(new ProductDefinition(
                Sku, "Steam Gift Card", Price, "USD", FulfillmentKind.SupplierCode, SupplierSku: SupplierSku, Denomination: "$20",
                Instructions: "Redeem in the Steam client."));
            return cluster;
        }

        /// <summary>Creates <paramref name="count"/> orders, then pays them by webhook at <paramref name="rate"/> per second
        /// (<see cref="int.MaxValue"/>: all at once) and waits for every email.</summary>
        public async Task<Result> RunAsync(int count, int rate, bool warmUp)
        {
            // Numbered across clusters: they share one supplier simulator, whose ledger is told apart by reference.
            var run = Interlocked.Increment(ref s_runs);
            var emails = new string[count];
            var orderIds = new string[count];
            var cart = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(Sku, 1)]);
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                emails[i] = $"buyer-{run}-{i}@bench.test";
                orderIds[i] = $"bench-{run}-{i}-{Guid.NewGuid():N}";
                var created = await Grains.GetGrain<IOrderGrain>(orderIds[i]).CreateAsync(new NewOrder(new CustomerInfo(emails[i]), cart), ct);
                if (!created.Created)
                {
                    throw new InvalidOperationException($"order not created: {created.Error}");
                }
            });

            await _smtp.ClearAsync();
            var sentBefore = Volatile.Read(ref _emailsSent);
            var sentAt = new DateTimeOffset[count];
            var posts = new List<Task>(count);
            var clock = Stopwatch.StartNew();
            using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
            {
                var next = 0;
                while (next < count)
                {
                    var due = rate == int.MaxValue ? count : Math.Min(count, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
                    for (; next < due; next++)
                    {
                        sentAt[next] = TimeProvider.System.GetUtcNow();
                        posts.Add(PayAsync(orderIds[next]));
                    }

                    if (next < count)
                    {
                        await ticks.WaitForNextTickAsync();
                    }
                }
            }

            await Task.WhenAll(posts);
            var deadline = Stopwatch.StartNew();
            using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
            {
                while (Volatile.Read(ref _emailsSent) - sentBefore < count && deadline.Elapsed < Patience)
                {
                    await ticks.WaitForNextTickAsync();
                }
            }

            if (warmUp)
            {
                return new Result(count, 0, 0, 0, 0, 0);
            }

            var received = (await _smtp.MessagesAsync())
                .GroupBy(m => m.To.Single(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Min(m => m.ReceivedAt), StringComparer.OrdinalIgnoreCase);
            var latencies = new List<double>(count);
            DateTimeOffset? last = null;
            for (var i = 0; i < count; i++)
            {
                if (received.TryGetValue(emails[i], out var at))
                {
                    latencies.Add((at - sentAt[i]).TotalMilliseconds);
                    last = last is null || at > last ? at : last;
                }
            }

            var purchases = _supplier.Ledger.Count(o => o.Reference.StartsWith($"bench-{run}-", StringComparison.Ordinal));
            if (purchases != count || latencies.Count != count)
            {
                Console.Error.WriteLine($"run {run}: {purchases} supplier orders and {latencies.Count} emails for {count} orders");
            }

            var sorted = latencies.Order().ToArray();
            var span = last is { } end ? (end - sentAt[0]).TotalSeconds : double.NaN;
            return new Result(count, latencies.Count, latencies.Count / span, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), sorted.LastOrDefault());
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            foreach (var silo in _silos)
            {
                await silo.StopAsync();
                silo.Dispose();
            }

            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        private async Task PayAsync(string orderId)
        {
            var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", orderId, Price, "usd");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, TimeProvider.System.GetUtcNow()));
            using var response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }
}
