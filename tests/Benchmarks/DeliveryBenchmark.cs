using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// The whole delivery path on Orleans silos over PostgreSQL, in real time: a signed Stripe webhook to the gateway, the
/// order grain's decision, the supplier call by the silo's effect runner (the simulator answering in 50 ms), its
/// reply to the grain, the delivery email to a real SMTP server, and its record. Webhooks are offered at a fixed rate
/// (3 silos) and all at once (1 silo, then 3); latency is from sending the webhook to the SMTP server accepting the
/// email (its own receive time), per order.
/// </summary>
public static class DeliveryBenchmark
{
    private static readonly TimeSpan SupplierLatency = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <param name="args">[seconds of offered load, default 15] [orders per second offered, default 50] [orders all at once, default 600]</param>
    public static async Task RunAsync(string[] args)
    {
        var seconds = BenchCluster.Arg(args, 0, 15);
        var rate = (int)BenchCluster.Arg(args, 1, 50);
        var burst = (int)BenchCluster.Arg(args, 2, 600);
        await using var smtp = await SmtpServer.CreateAsync();
        await using var supplier = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            DefaultLatency = SupplierLatency,
            InitialBalance = 1_000_000_000m,
        });

        Console.WriteLine(
            $"delivery benchmark: Orleans silos in process on PostgreSQL (test server, fsync off), supplier simulator answering in {SupplierLatency.TotalMilliseconds:0} ms, " +
            $"real SMTP server, {Environment.ProcessorCount} cores (load average at start: {BenchCluster.LoadAverage()}); gateway, silos, simulator, SMTP server and PostgreSQL share this machine");
        Console.WriteLine("| silos | offered orders/s | orders | delivered | delivered orders/s | p50 webhook→email ms | p99 ms | max ms | db round trips per order (warm-up) | machine CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var mail = await SmtpBaselineAsync(smtp, 32, TimeSpan.FromSeconds(5));
        Console.WriteLine(
            $"baseline: MailKit alone sends {mail.PerSecond:0.0} messages/s to the same SMTP server (32 senders, a connection per message as the silos send; p50 {mail.P50Ms:0} ms, p99 {mail.P99Ms:0} ms)");
        var allAtOnce = new Dictionary<int, double>();
        var lastByTable = "";
        foreach (var silos in new[] { 1, 3 })
        {
            await using var shop = await Shop.StartAsync(silos, supplier, smtp);
            // Five seconds at the offered rate first: activations exist and the hot paths are jitted, as on a silo in service.
            // Database commands are counted then, so that Npgsql's tracing costs nothing in the measured runs.
            var warm = await shop.RunAsync(rate * 5, rate, warmUp: true);
            lastByTable = warm.ByTable;
            if (silos == 3)
            {
                var paced = await shop.RunAsync((int)Math.Round(seconds * rate), rate, warmUp: false);
                Console.WriteLine(paced.Row(silos, rate.ToString(CultureInfo.InvariantCulture), warm));
            }

            var all = await shop.RunAsync(burst, int.MaxValue, warmUp: false);
            allAtOnce[silos] = all.PerSecond;
            Console.WriteLine(all.Row(silos, "all at once", warm));
            Console.WriteLine($"  delivered orders/s all at once, ratio to the SMTP baseline: {all.PerSecond / mail.PerSecond:0.00}");
        }

        Console.WriteLine($"database round trips per order by the first table each names (3 silos, warm-up at {rate}/s): {lastByTable}");
        Console.WriteLine(
            $"all at once, 3 silos / 1 silo: {allAtOnce[3] / allAtOnce[1]:0.00}× with the silos sharing this machine's cores " +
            "(the scale benchmark gives each silo a CPU budget of its own); floor p99 under 1000 ms at 50/s with 3 silos");
    }

    /// <summary>The SMTP server's own rate: what the delivery path cannot exceed, since every order sends one email.</summary>
    private static async Task<Stats.Result> SmtpBaselineAsync(SmtpServer smtp, int senders, TimeSpan duration)
    {
        var result = await Stats.MeasureAsync(senders, duration, async (sender, i) =>
        {
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("orders@bench.test"));
            message.To.Add(MailboxAddress.Parse($"baseline-{sender}-{i}@bench.test"));
            message.Subject = "Your Steam Gift Card";
            message.Body = new TextPart("plain") { Text = "Code: ABCD-EFGH-IJKL\nRedeem in the Steam client." };
            using var client = new SmtpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        });
        await smtp.ClearAsync();
        return result;
    }

    private sealed record Result(int Orders, int Delivered, double PerSecond, double P50, double P99, double Max, double CommandsPerOrder, string ByTable, string Cpu)
    {
        public string Row(int silos, string offered, Result warmUp) =>
            $"| {silos} | {offered} | {Orders} | {Delivered} | {PerSecond:0.0} | {P50:0} | {P99:0} | {Max:0} | {warmUp.CommandsPerOrder:0.0} | {Cpu} |";
    }

    /// <summary>A cluster selling one supplier code, its gateway, and a count of the delivery emails its runners sent.</summary>
    private sealed class Shop : IAsyncDisposable
    {
        private static int s_runs;
        private readonly TestCluster cluster;
        private readonly SupplierSimulatorHost supplier;
        private readonly SmtpServer smtp;
        private readonly HttpClient http;
        private int emailsSent;

        private Shop(TestCluster cluster, Uri gateway, SupplierSimulatorHost supplier, SmtpServer smtp)
        {
            this.cluster = cluster;
            this.supplier = supplier;
            this.smtp = smtp;
            http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var silo in cluster.Silos)
            {
                silo.Runner.Dispatched += Dispatched;
            }
        }

        public static async Task<Shop> StartAsync(int silos, SupplierSimulatorHost supplier, SmtpServer smtp)
        {
            var cluster = await BenchCluster.StartAsync(silos, options =>
            {
                options.Configuration["Supplier:BaseUrl"] = supplier.BaseUrl.ToString();
                options.Configuration["Supplier:ApiKey"] = supplier.Options.ApiKey;
                options.Configuration["Supplier:Webhook:Secret"] = supplier.Options.WebhookSecret;
                options.Configuration["Mail:Provider"] = "smtp";
                options.Configuration["Mail:Smtp:Host"] = smtp.Host;
                options.Configuration["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
                options.Configuration["Mail:Smtp:EnableSsl"] = "false";
            });
            var gateway = await cluster.StartGatewayAsync();
            await BenchCluster.StockAsync(cluster.Client);
            return new Shop(cluster, gateway, supplier, smtp);
        }

        /// <summary>Creates <paramref name="count"/> orders, then pays them by webhook at <paramref name="rate"/> per second
        /// (<see cref="int.MaxValue"/>: all at once) and waits for every email.</summary>
        public async Task<Result> RunAsync(int count, int rate, bool warmUp)
        {
            // Numbered across clusters: they share one supplier simulator, whose ledger is told apart by reference.
            var run = Interlocked.Increment(ref s_runs);
            var prefix = $"delivery-{run}-";
            var orderIds = Enumerable.Range(0, count).Select(i => $"{prefix}{i}-{Guid.NewGuid():N}").ToArray();
            await BenchCluster.CreateOrdersAsync(cluster.Client, orderIds, parallelism: 16);

            await smtp.ClearAsync();
            using var commands = warmUp ? new DatabaseCommands() : null;
            var cpu = new MachineCpu();
            var sentBefore = Volatile.Read(ref emailsSent);
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
            var waited = Stopwatch.StartNew();
            using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
            {
                while (Volatile.Read(ref emailsSent) - sentBefore < count && waited.Elapsed < Patience)
                {
                    await ticks.WaitForNextTickAsync();
                }
            }

            var busy = cpu.Since();
            commands?.Dispose();
            if (commands is not null)
            {
                return new Result(count, 0, 0, 0, 0, 0, commands.Commands / (double)count, commands.ByTable(count), busy);
            }

            var outcome = await Deliveries.ReadAsync(smtp, supplier, prefix, orderIds, sentAt);
            return new Result(count, outcome.Delivered, outcome.PerSecond, outcome.P50, outcome.P99, outcome.Max, 0, "", busy);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await cluster.DisposeAsync();
        }

        private void Dispatched(EffectDispatched dispatched)
        {
            if (dispatched.Kind == OrderEffectKinds.DeliveryEmail && dispatched.Outcome == DispatchOutcome.Completed)
            {
                Interlocked.Increment(ref emailsSent);
            }
        }

        private async Task PayAsync(string orderId)
        {
            using var request = Deliveries.PaymentRequest(http.BaseAddress!, Deliveries.PaymentPayload(orderId));
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }
}
