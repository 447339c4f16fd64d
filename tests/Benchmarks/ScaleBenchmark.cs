using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing.Processes;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Scale-out as an operator gets it: Silo processes, each with a fixed CPU budget as a machine or container of its own
/// would give it, a Gateway process (an Orleans client) and PostgreSQL; the same orders paid all at once through the
/// gateway with 1 silo, then with 3. The rate is from the first webhook sent to the last delivery email accepted by
/// the SMTP server.
/// </summary>
/// <remarks>
/// The <c>delivery</c> benchmark runs its silos in one process on this machine's cores, all of them busy: a silo added
/// there adds no CPU, so its 3-silo/1-silo ratio measures the cost of spreading, not capacity. Here every silo gets
/// the same budget (a cgroup CPU quota), so a second and third silo bring capacity as new machines do, and the ratio
/// shows whether anything shared (the database, a grain every order calls, the gateway) keeps the cluster from using
/// it. The machine must keep spare CPU for that to hold: each row prints the silos' use of their budget, the share of
/// scheduling periods in which they wanted more, and how busy the whole machine was.
/// </remarks>
public static class ScaleBenchmark
{
    private static readonly TimeSpan SupplierLatency = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <param name="args">[cores per silo, default 0.2] [orders all at once, default 600] [silo counts, default 1,3]</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var cores = BenchCluster.Arg(args, 0, 0.2);
        var orders = (int)BenchCluster.Arg(args, 1, 600);
        var counts = args.Length > 2 ? args[2].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [1, 3];
        if (CpuBudget.Unavailable() is { } why)
        {
            Console.Error.WriteLine($"scale benchmark: {why}");
            return 2;
        }

        var postgres = await PostgresServer.Instance;
        await using var smtp = await SmtpServer.CreateAsync();
        await using var supplier = await SupplierSimulatorHost.StartAsync(new SupplierSimulatorOptions
        {
            DefaultLatency = SupplierLatency,
            InitialBalance = 1_000_000_000m,
        });

        Console.WriteLine(
            $"scale benchmark: Silo processes with {cores:0.##} cores of CPU each (cgroup quota), a Gateway process, PostgreSQL (test server, fsync off), " +
            $"supplier simulator answering in {SupplierLatency.TotalMilliseconds:0} ms, real SMTP server; {orders} orders paid all at once; " +
            $"{Environment.ProcessorCount} cores on the machine (load average at start: {BenchCluster.LoadAverage()})");
        Console.WriteLine("| silos | CPU budget | orders | delivered | delivered orders/s | p50 webhook→email ms | p99 ms | silos' CPU, share of budget | silos' CPU per order, ms | periods throttled | silos' CPU when idle, cores | gateway CPU, cores | webhooks answered again | machine CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var rates = new Dictionary<int, double>();
        foreach (var silos in counts)
        {
            var connectionString = await postgres.CreateDatabaseAsync("scale");
            await using var cluster = await Cluster.StartAsync(silos, cores, connectionString, supplier, smtp);
            // Before the measured run, each silo delivers as many orders as the lone silo does in its own: tiered
            // compilation takes a method through an instrumented tier before its optimized code, some hundred calls,
            // and a silo held to its budget compiles slowly. Every silo then runs optimized code, as one long in
            // service does. A count for the whole cluster would leave each of 3 silos a third of it, and that row
            // would measure compiling.
            await cluster.RunAsync(orders * silos);
            var idle = await cluster.IdleCoresAsync(TimeSpan.FromSeconds(10));
            var run = await cluster.RunAsync(orders);
            rates[silos] = run.PerSecond;
            Console.WriteLine(
                $"| {silos} | {cores:0.##} cores each | {orders} | {run.Delivered} | {run.PerSecond:0.0} | {run.P50:0} | {run.P99:0} | {run.BudgetUsed:0} % | {run.CpuPerOrderMs:0.0} | " +
                $"{run.Throttled:0} % | {idle:0.000} | {run.GatewayCores:0.00} | {run.Resent} | {run.Machine} |");
        }

        if (rates.TryGetValue(1, out var one) && rates.TryGetValue(3, out var three))
        {
            Console.WriteLine($"all at once, 3 silos / 1 silo: {three / one:0.00}× (floor 1.5×)");
        }

        return 0;
    }

    private sealed record Run(int Delivered, double PerSecond, double P50, double P99, double BudgetUsed, double CpuPerOrderMs, double Throttled, double GatewayCores, int Resent, string Machine);

    /// <summary>Silo processes in CPU budgets, a gateway process, and this process as an Orleans client that stocks the store and creates orders.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private static int s_runs;
        private readonly List<(SiloProcess Process, CpuBudget Budget)> silos = [];
        private readonly SupplierSimulatorHost supplier;
        private readonly SmtpServer smtp;
        private readonly HttpClient http;
        private SiloProcess? gateway;
        private IHost? client;

        private Cluster(SupplierSimulatorHost supplier, SmtpServer smtp)
        {
            this.supplier = supplier;
            this.smtp = smtp;
            http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };
        }

        public static async Task<Cluster> StartAsync(int count, double cores, string connectionString, SupplierSimulatorHost supplier, SmtpServer smtp)
        {
            var id = $"scale-{Guid.NewGuid():N}"[..14];
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Orleans__ClusterId"] = id,
                ["Orleans__ServiceId"] = id,
                ["Supplier__BaseUrl"] = supplier.BaseUrl.ToString(),
                ["Supplier__ApiKey"] = supplier.Options.ApiKey,
                ["Supplier__Webhook__Secret"] = supplier.Options.WebhookSecret,
                ["Webhooks__Stripe__Secrets__0"] = BenchCluster.StripeSecret,
                ["Mail__Provider"] = "smtp",
                ["Mail__Smtp__Host"] = smtp.Host,
                ["Mail__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Mail__Smtp__EnableSsl"] = "false",
                ["Api__StorefrontKeys__0"] = BenchCluster.StorefrontKey,
                ["Links__Secret"] = "scale-link-secret-0123456789abcdef0123",
                ["Links__PublicBaseUrl"] = "http://127.0.0.1:5000",
                ["Catalog__SeedFile"] = "",
            };
            var cluster = new Cluster(supplier, smtp);
            try
            {
                var started = await Task.WhenAll(Enumerable.Range(0, count).Select(i => SiloProcess.StartAsync(
                    $"scale-silo-{i}",
                    new Dictionary<string, string>(settings, StringComparer.Ordinal)
                    {
                        ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                        ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                        // The runtime sizes its thread pool and heaps as it would on a machine with this budget.
                        ["DOTNET_PROCESSOR_COUNT"] = Math.Max(1, (int)Math.Ceiling(cores)).ToString(CultureInfo.InvariantCulture),
                    },
                    TimeSpan.FromSeconds(120))));
                foreach (var silo in started)
                {
                    var budget = CpuBudget.Create($"orleans-delivery-{id}-{silo.Name}", cores);
                    cluster.silos.Add((silo, budget));
                    budget.Add(silo.ProcessId);
                }

                cluster.gateway = await SiloProcess.StartGatewayAsync("scale-gateway", settings, TimeSpan.FromSeconds(90));
                cluster.client = await ClientAsync(id, connectionString);
                await BenchCluster.StockAsync(cluster.Grains);
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        private IGrainFactory Grains => client!.Services.GetRequiredService<IClusterClient>();

        /// <summary>The CPU the silos use together with no order arriving (membership, reminders, timers), in cores.</summary>
        public async Task<double> IdleCoresAsync(TimeSpan duration)
        {
            var before = silos.Sum(s => ProcessCpuSeconds(s.Process.ProcessId));
            var clock = Stopwatch.StartNew();
            await Task.Delay(duration);
            return (silos.Sum(s => ProcessCpuSeconds(s.Process.ProcessId)) - before) / clock.Elapsed.TotalSeconds;
        }

        /// <summary>Creates <paramref name="count"/> orders, pays them all at once through the gateway and waits for every email.</summary>
        public async Task<Run> RunAsync(int count)
        {
            var prefix = $"scale-{Interlocked.Increment(ref s_runs)}-";
            var ids = Enumerable.Range(0, count).Select(i => $"{prefix}{i}-{Guid.NewGuid():N}").ToArray();
            await BenchCluster.CreateOrdersAsync(Grains, ids, parallelism: 16);
            await smtp.ClearAsync();

            var machine = new MachineCpu();
            var siloCpu = silos.Select(s => ProcessCpuSeconds(s.Process.ProcessId)).ToArray();
            var periods = silos.Select(s => s.Budget.Periods()).ToArray();
            var gatewayCpu = ProcessCpuSeconds(gateway!.ProcessId);
            var clock = Stopwatch.StartNew();
            var resent = 0;
            var sentAt = new DateTimeOffset[count];
            await Task.WhenAll(ids.Select(async (id, i) =>
            {
                sentAt[i] = TimeProvider.System.GetUtcNow();
                if (!await PayAsync(id))
                {
                    Interlocked.Increment(ref resent);
                }
            }));
            while (await smtp.CountAsync() < count && clock.Elapsed < Patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var used = silos.Select((s, i) => ProcessCpuSeconds(s.Process.ProcessId) - siloCpu[i]).Sum();
            var throttled = silos.Select((s, i) => (Now: s.Budget.Periods(), Then: periods[i]))
                .Aggregate((Periods: 0L, Throttled: 0L), (sum, p) => (sum.Periods + p.Now.Periods - p.Then.Periods, sum.Throttled + p.Now.Throttled - p.Then.Throttled));
            var gatewayUsed = ProcessCpuSeconds(gateway.ProcessId) - gatewayCpu;
            var busy = machine.Since();

            var outcome = await Deliveries.ReadAsync(smtp, supplier, prefix, ids, sentAt);
            return new Run(
                outcome.Delivered,
                outcome.PerSecond,
                outcome.P50,
                outcome.P99,
                100 * used / (elapsed * silos.Count * silos[0].Budget.Cores),
                1000 * used / Math.Max(1, outcome.Delivered),
                throttled.Periods == 0 ? 0 : 100.0 * throttled.Throttled / throttled.Periods,
                gatewayUsed / elapsed,
                resent,
                busy);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            if (client is not null)
            {
                await client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
                client.Dispose();
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            foreach (var (process, budget) in silos)
            {
                await process.DisposeAsync();
                budget.Dispose();
            }
        }

        /// <summary>Pays by signed Stripe webhook; a 503 is sent again after its Retry-After, as Stripe does. False when it had to be sent again.</summary>
        private async Task<bool> PayAsync(string orderId)
        {
            var payload = Deliveries.PaymentPayload(orderId);
            for (var attempt = 1; ; attempt++)
            {
                using var request = Deliveries.PaymentRequest(gateway!.BaseAddress, payload);
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    return attempt == 1;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10)
                {
                    throw new InvalidOperationException($"the payment webhook of {orderId} was answered {(int)response.StatusCode} (attempt {attempt})");
                }

                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            }
        }

        private static async Task<IHost> ClientAsync(string id, string connectionString)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.UseOrleansClient(orleans => orleans
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (id, id))
                .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString)));
            var host = builder.Build();
            await host.StartAsync();
            return host;
        }

        /// <summary>CPU time of a process, all threads, user and system, from <c>/proc/PID/stat</c> (in clock ticks of 1/100 s).</summary>
        private static double ProcessCpuSeconds(int processId)
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            // The fields after the command name (which may hold spaces) start with the state, the third field.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
