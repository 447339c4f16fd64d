using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;
using Orleans.Delivery.Testing.Servers;
using Orleans.Delivery.Testing.Simulators;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// Two Silo OS processes, built from this repository, on one fresh PostgreSQL database: they share the firing of
/// the orders' delivery-deadline reminders, each once, and when one is killed the other finishes its work.
/// </summary>
public sealed class SiloProcessesTests(ITestOutputHelper output)
{
    private const int Orders = 1_000;
    private const int OrdersAfterKill = 500;
    private const string Sku = "gift-25";
    private const string StorefrontKey = "procs-storefront-key-0123456789";
    private const string AdminKey = "procs-admin-key-0123456789";
    private const string StripeSecret = "whsec_procs_0123456789abcdef";
    private const int ReminderFiredEventId = 1008;
    private static readonly TimeSpan AlertAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSiloProcesses_OnePostgresDatabase_ShareTheDeliveryDeadlinesAndFireEachOnceThroughAKill()
    {
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("siloprocs");
        await using var database = NpgsqlDataSource.Create(connectionString);
        var settings = Settings(connectionString);
        var clock = Stopwatch.StartNew();
        var started = await Task.WhenAll(SiloProcess.StartAsync("silo-a", settings), SiloProcess.StartAsync("silo-b", settings));
        await using var a = started[0];
        await using var b = started[1];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await UpsertProductAsync(http, a.BaseAddress);
        output.WriteLine($"both silos up after {clock.Elapsed.TotalSeconds:F1} s");

        // Phase 1: both processes alive. Every order is created through one silo and paid through the other.
        var first = await CreateAndPayAsync(http, [a, b], "first");
        output.WriteLine($"{Orders} orders created and paid after {clock.Elapsed.TotalSeconds:F1} s");
        await WaitForAlertsAsync(database, first, [a, b]);
        await AssertOneAlertEachAsync(database, first);
        output.WriteLine($"{Orders} order-undelivered alerts after {clock.Elapsed.TotalSeconds:F1} s");

        // Which process fired which reminder: each silo logs the reminders it fired once their turn committed.
        await Poll.UntilAsync(
            () => Task.FromResult(FiredBy(a).Union(FiredBy(b)).Count(first.Contains) == Orders),
            TimeSpan.FromSeconds(10),
            "both silos' logs to account for every fired delivery deadline");
        var byA = FiredBy(a).Count(first.Contains);
        var byB = FiredBy(b).Count(first.Contains);
        output.WriteLine($"delivery deadlines fired: silo-a {byA}, silo-b {byB}");
        Assert.True(byA > 0 && byB > 0, $"both silos should have fired deadlines; silo-a fired {byA}, silo-b {byB}");

        // Phase 2: silo-a is killed with SIGKILL in the middle of a second batch, while it holds deadlines it claimed.
        var second = await CreateAndPayAsync(http, [a, b], "second", OrdersAfterKill);
        await Poll.UntilAsync(
            async () => (await AlertCountsAsync(database)).Keys.Count(second.Contains) >= OrdersAfterKill / 10
                && (await LeasedDeadlinesAsync(database, "silo-a")).Count > 0,
            WaitLimit,
            "silo-a to hold deadlines of the second batch under its lease",
            TimeSpan.FromMilliseconds(10));
        await a.KillAsync();
        var leasedWhenKilled = await LeasedDeadlinesAsync(database, "silo-a");
        var alertedWhenKilled = (await AlertCountsAsync(database)).Keys.Where(second.Contains).ToHashSet();
        output.WriteLine(
            $"silo-a killed with {alertedWhenKilled.Count} of {OrdersAfterKill} alerted and {leasedWhenKilled.Count} deadline(s) under its lease");
        Assert.InRange(alertedWhenKilled.Count, 1, OrdersAfterKill - 1);

        await WaitForAlertsAsync(database, second, [b]);
        await AssertOneAlertEachAsync(database, first.Concat(second).ToHashSet());
        output.WriteLine($"second batch done after {clock.Elapsed.TotalSeconds:F1} s");

        // Everything alerted after silo-a was gone, including what it had claimed and never fired, was fired by
        // silo-b once the lease ran out; no deadline is left behind.
        var leftToB = second.Where(o => !alertedWhenKilled.Contains(o)).Concat(leasedWhenKilled).ToHashSet(StringComparer.Ordinal);
        await Poll.UntilAsync(
            () => Task.FromResult(leftToB.IsSubsetOf(FiredBy(b))),
            TimeSpan.FromSeconds(10),
            $"silo-b's log to show it fired the {leftToB.Count} deadlines left when silo-a was killed");
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM od_reminder WHERE name = 'delivery-deadline'"));
        Assert.False(b.HasExited, b.Tail());
    }

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["Orders__AlertUndeliveredAfter"] = AlertAfter.ToString("c", CultureInfo.InvariantCulture),

        // Retries of what cannot succeed here (supplier calls to a closed port, effects this host has no handler
        // for) are pushed past the end of the test, so the silos' work is the reminders.
        ["Orders__RetryBackoffBase"] = "00:05:00",
        ["Silo__RetryBase"] = "00:05:00",
        ["Supplier__BaseUrl"] = $"http://127.0.0.1:{ClosedPort().ToString(CultureInfo.InvariantCulture)}/",
        ["Supplier__ApiKey"] = "procs-supplier-key",

        // Prompt pickup of due reminders, and a short lease so a killed silo's claims come free within the test.
        ["Silo__PollInterval"] = "00:00:00.100",
        ["Silo__ReminderLease"] = "00:00:02",
        ["Logging__LogLevel__Orleans.Delivery.Runtime.SiloWorker"] = "Debug",
        ["Api__StorefrontKeys__0"] = StorefrontKey,
        ["Api__AdminKeys__0"] = AdminKey,
        ["Webhooks__Stripe__Secrets__0"] = StripeSecret,
        ["Links__Secret"] = "procs-link-secret-0123456789abcdef0123",
        ["Links__PublicBaseUrl"] = "http://127.0.0.1:5000",
        ["Catalog__SeedFile"] = "",
    };

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task UpsertProductAsync(HttpClient http, Uri silo)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(silo, $"admin/products/{Sku}"))
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
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HashSet<string>> CreateAndPayAsync(HttpClient http, SiloProcess[] silos, string batch, int count = Orders)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var orders = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(silos[i % 2].BaseAddress, "api/orders"))
            {
                Content = JsonContent.Create(new
                {
                    customer = new { email = $"buyer-{batch}-{i}@example.com" },
                    items = new[] { new { sku = Sku, quantity = 1 } },
                }),
            };
            create.Headers.Add("X-Api-Key", StorefrontKey);
            create.Headers.Add("Idempotency-Key", $"procs-{run}-{batch}-{i}");
            using var created = await http.SendAsync(create, ct);
            var body = await created.Content.ReadAsStringAsync(ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"create {i}: {(int)created.StatusCode} {body}");
            using var order = JsonDocument.Parse(body);
            var orderId = order.RootElement.GetProperty("orderId").GetString()!;
            var amount = order.RootElement.GetProperty("amountMinor").GetInt64();

            var payload = StripeEventPayloads.PaymentIntentSucceeded($"evt_{run}_{batch}_{i}", $"pi_{run}_{batch}_{i}", orderId, amount, "usd");
            using var pay = new HttpRequestMessage(HttpMethod.Post, new Uri(silos[(i + 1) % 2].BaseAddress, "webhooks/stripe"))
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            pay.Headers.Add("Stripe-Signature", StripeWebhookSigner.Sign(payload, StripeSecret, DateTimeOffset.UtcNow));
            using var paid = await http.SendAsync(pay, ct);
            Assert.True(paid.IsSuccessStatusCode, $"payment {i}: {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync(ct)}");
            orders[i] = orderId;
        });
        return orders.ToHashSet();
    }

    private static async Task WaitForAlertsAsync(NpgsqlDataSource database, HashSet<string> orders, SiloProcess[] silos)
    {
        try
        {
            await Poll.UntilAsync(
                async () => (await AlertCountsAsync(database)).Keys.Count(orders.Contains) == orders.Count || silos.Any(s => s.HasExited),
                WaitLimit,
                $"an order-undelivered alert for each of {orders.Count} orders",
                TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{string.Join("\n", silos.Select(s => s.Tail()))}", e);
        }

        Assert.All(silos, s => Assert.False(s.HasExited, s.Tail()));
    }

    private static async Task AssertOneAlertEachAsync(NpgsqlDataSource database, HashSet<string> orders)
    {
        var counts = await AlertCountsAsync(database);
        Assert.Equal(orders.Order(StringComparer.Ordinal), counts.Keys.Where(orders.Contains).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(counts, c => orders.Contains(c.Key) && c.Value != 1);
    }

    /// <summary>order id → number of order-undelivered entries in the <c>alerts</c> stream.</summary>
    private static async Task<Dictionary<string, long>> AlertCountsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            SELECT grain_key, count(*) FROM od_log
            WHERE stream = 'alerts' AND grain_type = 'order' AND (entry::jsonb ->> 'kind') = 'order-undelivered'
            GROUP BY grain_key
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Orders whose delivery deadline is claimed by <paramref name="siloId"/> and not fired yet.</summary>
    private static async Task<List<string>> LeasedDeadlinesAsync(NpgsqlDataSource database, string siloId)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_key FROM od_reminder WHERE grain_type = 'order' AND name = 'delivery-deadline' AND lease_owner = $1");
        command.Parameters.AddWithValue(siloId);
        await using var reader = await command.ExecuteReaderAsync();
        var orders = new List<string>();
        while (await reader.ReadAsync())
        {
            orders.Add(reader.GetString(0));
        }

        return orders;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The orders whose delivery deadline this silo fired, from its "reminder fired" log entries.</summary>
    private static HashSet<string> FiredBy(SiloProcess silo) =>
        silo.Entries(ReminderFiredEventId)
            .Select(e => e.GetProperty("State"))
            .Where(s => s.GetProperty("Name").GetString() == "delivery-deadline")
            .Select(s => s.GetProperty("Grain").GetString()!)
            .Where(g => g.StartsWith("order/", StringComparison.Ordinal))
            .Select(g => g["order/".Length..])
            .ToHashSet(StringComparer.Ordinal);
}
