using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Hosting;
using Orleans.Delivery.Testing;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Webhook ingest: signed Stripe webhooks posted to the gateway by wrk over <c>connections</c> concurrent connections,
/// each answered 200 after its order grain decided and wrote its record to PostgreSQL; with 1 and with 3 silos. Beside
/// each, in the same run and database, a raw Npgsql loop at the same concurrency upserts the same rows, byte for byte,
/// into a table of the grain storage's shape: the rate the database gives one write per request with nothing in front.
/// </summary>
/// <remarks>
/// A 200 promises that the webhook is recorded, so by default the database keeps PostgreSQL's durable defaults
/// (<c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> on): each answered webhook, and each raw upsert,
/// is on disk. The test server's settings (all three off, for speed) are the <c>test</c> mode. The settings are changed
/// only on a server the benchmark started itself; a server named by <c>ORLEANS_DELIVERY_TEST_PG</c> is used as it is,
/// and its settings are printed.
/// <para>
/// The event is <c>payment_intent.payment_failed</c> for an order awaiting payment: the order records the event (one
/// write) and plans no follow-up work, so the rate is the ingest path alone. A succeeded payment starts fulfilment,
/// whose further writes and calls are what the <c>delivery</c> benchmark measures.
/// </para>
/// <para>
/// The webhooks come from wrk (<see cref="WrkLoad"/>), built and signed before they are sent, so that the load
/// generator costs the machine little and nothing in the process under test. The raw loop uses the silos' own
/// connection settings (<see cref="SiloHosting.WithPreparedStatements"/>). The two take turns, five of each per
/// measurement, so that both meet the database in the same states; the rates are over all turns, the p50 the median
/// turn's and the p99 the worst turn's.
/// </para>
/// <para>
/// Each measurement runs twice by default (<see cref="CorePlacement"/>): with PostgreSQL on a core of its own, as a
/// database server beside a cluster has, and with everything sharing the cores. The floor is about the first: the
/// share of the database's write rate that the product reaches. Shared, the ratio also counts the CPU the silos and
/// the gateway take from PostgreSQL on this machine, which the raw loop barely does.
/// </para>
/// <para>
/// A second table says where each path's CPU goes per operation (<see cref="CpuCost"/>): this process, wrk, and
/// PostgreSQL, with how often PostgreSQL's processes were preempted. It shows a ratio's cause: a path dearer on this
/// side of the socket, or a database that spends more on the same write because it shares its cores. PostgreSQL's
/// figure also holds its background work (autovacuum, the WAL writer) and the backends that ended, each in whichever
/// turn it fell, so one run's figure for it is rough.
/// </para>
/// </remarks>
public static class IngestBenchmark
{
    /// <summary>The settings that decide whether a commit is on disk when it returns.</summary>
    private static readonly string[] Durability = ["fsync", "synchronous_commit", "full_page_writes"];

    /// <summary>How long a path runs, untimed, before it is measured on a fresh cluster.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>The turns the webhooks and the raw loop each take in a measurement.</summary>
    private const int Slices = 5;

    /// <summary>More webhooks per second than this machine answers: as many are built for each turn.</summary>
    private const int MaxWebhooksPerSecond = 10_000;

    /// <param name="args">
    /// [seconds per measurement, default 10] [connections, default 32] [orders per connection, default 256: a few
    /// webhooks per order, as real orders get] [database: durable (default) or test] [cores: both (default), split or
    /// shared; see <see cref="CorePlacement"/>]
    /// </param>
    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(BenchCluster.Arg(args, 0, 10));
        var connections = (int)BenchCluster.Arg(args, 1, 32);
        var perConnection = (int)BenchCluster.Arg(args, 2, 256);
        var mode = args.Length > 3 ? args[3] : "durable";
        if (mode is not ("durable" or "test"))
        {
            Console.Error.WriteLine($"unknown database mode '{mode}'; known: durable, test");
            return 2;
        }

        var cores = args.Length > 4 ? args[4] : "both";
        if (cores is not ("both" or CorePlacement.Split or CorePlacement.Shared))
        {
            Console.Error.WriteLine($"unknown cores '{cores}'; known: both, split, shared");
            return 2;
        }

        WrkLoad.Require();
        var settings = await DurabilityAsync(durable: mode == "durable");
        var server = await PostgresServer.Instance;
        if (cores != CorePlacement.Shared && !server.IsThrowaway)
        {
            Console.Error.WriteLine($"split cores move PostgreSQL's processes, so they need the benchmark's own server; with {PostgresServer.ConnectionStringVariable} set, pass 'shared'");
            return 2;
        }

        string[] placements = cores == "both" ? [CorePlacement.Split, CorePlacement.Shared] : [cores];
        Console.WriteLine(
            $"ingest benchmark: signed Stripe webhooks → gateway → order grain → PostgreSQL → 200, {connections} connections, " +
            $"{duration.TotalSeconds:0} s per measurement, {Environment.ProcessorCount} cores (load average at start: {BenchCluster.LoadAverage()}); " +
            $"PostgreSQL on this machine with {settings}");
        Console.WriteLine("| cores | silos | raw Npgsql upserts/s | webhooks/s (wrk) | ratio to raw | webhook p50 ms (median turn) | p99 ms (worst turn) | raw p99 ms (worst turn) | grain calls/s (client, no HTTP) | ratio to raw | bare storage writes/s | ratio to raw | row bytes | db round trips per webhook | non-200 | machine CPU, webhooks | machine CPU, raw |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var slice = TimeSpan.FromSeconds(Math.Max(1, Math.Round(duration.TotalSeconds / Slices)));
        var costs = new List<string>();
        // A first round with 1 silo, not shown, runs every path of the process until tiered compilation has optimized
        // it: without it, the first row measures the JIT as much as the paths.
        var rounds = placements.SelectMany(placement => new[] { (placement, 1, true), (placement, 3, true) }).Prepend((placements[0], 1, false));
        foreach (var (placement, silos, shown) in rounds)
        {
            var placed = await CorePlacement.ApplyAsync(placement, server);
            await using var cluster = await BenchCluster.StartAsync(silos);
            var gateway = await cluster.StartGatewayAsync();
            await BenchCluster.StockAsync(cluster.Client);
            var orders = Enumerable.Range(0, connections * perConnection).Select(i => $"ingest-{silos}-{i}-{Guid.NewGuid():N}").ToArray();
            await BenchCluster.CreateOrdersAsync(cluster.Client, orders);

            // Each of wrk's threads posts to its own share of the orders, one after the other, so that no two webhooks
            // in flight are for the same order; every webhook is a new event.
            var share = orders.Length / WrkLoad.Threads;
            var next = new int[WrkLoad.Threads];
            async Task<WrkLoad.Requests> PrepareAsync(TimeSpan span)
            {
                var perThread = (int)(MaxWebhooksPerSecond * span.TotalSeconds / WrkLoad.Threads);
                var from = next.ToArray();
                var requests = await WrkLoad.PrepareAsync(perThread, (i, thread) => Webhook(gateway, orders[(thread * share) + ((from[thread] + i) % share)]));
                for (var thread = 0; thread < next.Length; thread++)
                {
                    next[thread] += perThread;
                }

                return requests;
            }

            // Commands are counted during a first warm-up, so that Npgsql's tracing costs nothing in the measured runs.
            double perWebhook;
            using (var counted = await PrepareAsync(WarmUp))
            using (var commands = new DatabaseCommands())
            {
                var warmUp = await WrkLoad.RunAsync(counted, gateway, connections, WarmUp);
                perWebhook = commands.Commands / (double)warmUp.Count;
            }

            using (var warmUp = await PrepareAsync(WarmUp))
            {
                await WrkLoad.RunAsync(warmUp, gateway, connections, WarmUp);
            }

            await using var database = NpgsqlDataSource.Create(SiloHosting.WithPreparedStatements(cluster.ConnectionString!));
            await using (var create = database.CreateCommand("CREATE TABLE raw_grain_state (LIKE orleans_grain_state INCLUDING ALL)"))
            {
                await create.ExecuteNonQueryAsync();
            }

            await RawAsync(database, connections, perConnection, WarmUp);

            // The webhooks and the raw loop take turns, so that both meet the same moments of the database (its
            // checkpoints, its WAL flushes) and the ratio does not measure which ran when.
            var batches = new List<WrkLoad.Requests>();
            for (var i = 0; i < Slices; i++)
            {
                batches.Add(await PrepareAsync(slice));
            }

            var (webhooks, raw) = (new List<WrkLoad.Result>(), new List<Stats.Result>());
            MachineCpu.Ticks webhooksCpu = default, rawCpu = default;
            CpuCost webhooksCost = default, rawCost = default;
            try
            {
                foreach (var batch in batches)
                {
                    var rawTurn = new MachineCpu();
                    var beforeRaw = new CpuCost.Reading(server);
                    raw.Add(await RawAsync(database, connections, perConnection, slice));
                    var afterRaw = new CpuCost.Reading(server);
                    rawCpu += rawTurn.Elapsed() ?? default;
                    var webhooksTurn = new MachineCpu();
                    webhooks.Add(await WrkLoad.RunAsync(batch, gateway, connections, slice));
                    webhooksCost += new CpuCost.Reading(server).Since(afterRaw);
                    rawCost += afterRaw.Since(beforeRaw);
                    webhooksCpu += webhooksTurn.Elapsed() ?? default;
                }
            }
            finally
            {
                batches.ForEach(b => b.Dispose());
            }

            // The same decision and write without HTTP: the cluster client calls the order grain as the gateway does.
            Task Call(int caller, long i) => RecordFailureAsync(cluster.Client, orders[caller + (connections * (int)(i % perConnection))]);
            await Stats.MeasureAsync(connections, WarmUp, Call);
            var calls = await Stats.MeasureAsync(connections, duration, Call);

            var storage = await StorageAsync(cluster, orders[0], connections, duration);
            if (!shown)
            {
                continue;
            }

            var webhooksPerSecond = webhooks.Sum(w => w.Count) / webhooks.Sum(w => w.Count / w.PerSecond);
            var rawPerSecond = raw.Sum(r => r.Count) / raw.Sum(r => r.Count / r.PerSecond);
            var failures = webhooks.Sum(w => w.Non2xx + w.Errors);
            Console.WriteLine(
                $"| {placed} | {silos} | {rawPerSecond:0} | {webhooksPerSecond:0} | {webhooksPerSecond / rawPerSecond:0.00} | {Stats.Percentile([.. webhooks.Select(w => w.P50Ms).Order()], 0.50):0.0} | {webhooks.Max(w => w.P99Ms):0.0} | " +
                $"{raw.Max(r => r.P99Ms):0.0} | {calls.PerSecond:0} | {calls.PerSecond / rawPerSecond:0.00} | {storage.PerSecond:0} | {storage.PerSecond / rawPerSecond:0.00} | {await RowBytesAsync(database)} | " +
                $"{perWebhook:0.00} | {failures} | {MachineCpu.Format(webhooksCpu)} | {MachineCpu.Format(rawCpu)} |");
            costs.Add($"| {placed} | {silos} | raw upserts | {rawCost.PerOperation(raw.Sum(r => r.Count))} |");
            costs.Add($"| {placed} | {silos} | webhooks | {webhooksCost.PerOperation(webhooks.Sum(w => w.Count))} |");
        }

        Console.WriteLine("floor: webhooks/s at least 0.70 of raw");

        // Where the ratio goes: the CPU each path costs per write on either side of the database's socket.
        Console.WriteLine();
        Console.WriteLine("CPU per operation in the measured turns: this process (silos, gateway, raw loop), wrk, and PostgreSQL's processes; with how often PostgreSQL's processes were preempted");
        Console.WriteLine("| cores | silos | path | this process µs | wrk µs | PostgreSQL µs | PostgreSQL preemptions |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        costs.ForEach(Console.WriteLine);

        await CorePlacement.ApplyAsync(CorePlacement.Shared, server);
        return 0;
    }

    /// <summary>
    /// Gives the benchmark's own server PostgreSQL's durable defaults (<paramref name="durable"/>) or the test
    /// server's settings, and returns the settings in force, as the server reports them.
    /// </summary>
    private static async Task<string> DurabilityAsync(bool durable)
    {
        var server = await PostgresServer.Instance;
        await using var database = NpgsqlDataSource.Create(server.AdminConnectionString);
        if (server.IsThrowaway)
        {
            var value = durable ? "on" : "off";
            foreach (var setting in Durability)
            {
                await using var set = database.CreateCommand($"ALTER SYSTEM SET {setting} = {value}");
                await set.ExecuteNonQueryAsync();
            }

            await using var reload = database.CreateCommand("SELECT pg_reload_conf()");
            await reload.ExecuteScalarAsync();
        }

        // A reload reaches the server's processes a moment later; the settings are read once they show.
        var shown = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            shown.Clear();
            foreach (var setting in Durability)
            {
                await using var show = database.CreateCommand($"SELECT setting FROM pg_settings WHERE name = '{setting}'");
                shown.Add($"{setting} {(string)(await show.ExecuteScalarAsync())!}");
            }

            var expected = durable ? " on" : " off";
            if (!server.IsThrowaway || shown.All(s => s.EndsWith(expected, StringComparison.Ordinal)) || attempt == 50)
            {
                return string.Join(", ", shown) + (server.IsThrowaway ? "" : $" (the server named by {PostgresServer.ConnectionStringVariable}, as it is)");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A signed Stripe webhook, as raw HTTP: the payment of <paramref name="orderId"/> failed.</summary>
    private static string Webhook(Uri gateway, string orderId)
    {
        var payload = StripeEventPayloads.PaymentIntentFailed($"evt_{Guid.NewGuid():N}", $"pi_{Guid.NewGuid():N}", orderId, BenchCluster.PriceMinor, "usd");
        return WrkLoad.Post(
            gateway, "/webhooks/stripe", payload,
            ("Content-Type", "application/json"), ("Stripe-Signature", StripeWebhookSigner.Sign(payload, BenchCluster.StripeSecret, TimeProvider.System.GetUtcNow())));
    }

    /// <summary>
    /// The write alone, as the order grain hands it to the silo's grain storage (no HTTP, no grain call): an order's
    /// record, ETag-checked, each caller on a grain of its own.
    /// </summary>
    private static async Task<Stats.Result> StorageAsync(TestCluster cluster, string sampleOrder, int connections, TimeSpan duration)
    {
        var storage = cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var sample = await cluster.OrderRecordAsync(sampleOrder);
        var states = Enumerable.Range(0, connections).Select(_ => new GrainState<GrainRecord<OrderState>>(sample)).ToArray();
        var ids = Enumerable.Range(0, connections).Select(c => GrainId.Create(OrderGrain.Type, $"storage-{c}-{Guid.NewGuid():N}")).ToArray();
        Task Write(int caller, long i) => storage.WriteStateAsync(OrderGrain.StateName, ids[caller], states[caller]);
        await Stats.MeasureAsync(connections, WarmUp, Write);
        return await Stats.MeasureAsync(connections, duration, Write);
    }

    private static async Task RecordFailureAsync(IGrainFactory grains, string orderId)
    {
        var answer = await grains.GetGrain<IOrderGrain>(orderId).RecordPaymentAsync(
            new PaymentReport("stripe", $"evt_{Guid.NewGuid():N}", PaymentOutcome.Failed, BenchCluster.PriceMinor, "USD", $"pi_{Guid.NewGuid():N}", "card_declined"));
        if (!answer.Changed)
        {
            throw new InvalidOperationException($"order {orderId} did not record the failed payment: {answer.Error}");
        }
    }

    /// <summary>The orders' stored rows as the webhooks left them, on average.</summary>
    private static async Task<int> RowBytesAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT avg(octet_length(payload))::int FROM orleans_grain_state WHERE state_name = 'order'");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Upserts by <paramref name="connections"/> callers for <paramref name="duration"/>, each over its own rows as
    /// each connection's webhooks go to its own orders; each row is the order row written last, byte for byte, so that
    /// PostgreSQL compresses and stores it as it does the orders' own.
    /// </summary>
    private static async Task<Stats.Result> RawAsync(NpgsqlDataSource database, int connections, int perConnection, TimeSpan duration)
    {
        byte[] payload;
        await using (var latest = database.CreateCommand("SELECT payload FROM orleans_grain_state WHERE state_name = 'order' ORDER BY modified_on DESC LIMIT 1"))
        {
            payload = (byte[])(await latest.ExecuteScalarAsync())!;
        }

        Task Upsert(int caller, long i) => UpsertAsync(database, $"k-raw-{caller + (connections * (int)(i % perConnection))}", payload);
        return await Stats.MeasureAsync(connections, duration, Upsert);
    }

    private static async Task UpsertAsync(NpgsqlDataSource database, string key, byte[] payload)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO raw_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
            VALUES ('benchmark', 'order', 0, 0, $1, $2, 1)
            ON CONFLICT (service_id, state_name, grain_id_n0, grain_id_n1, (COALESCE('+' || grain_id_extension, '')))
            DO UPDATE SET payload = excluded.payload, version = raw_grain_state.version + 1, modified_on = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        await command.ExecuteNonQueryAsync();
    }
}
