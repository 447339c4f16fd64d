using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Silo.Alerts;
using Orleans.Delivery.Silo.Reconciliation;
using Orleans.Delivery.Testing;
using Orleans.Delivery.Testing.Processes;
using Orleans.Delivery.Testing.Servers;
using Xunit.Abstractions;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// Three Silo processes and a Gateway process on one PostgreSQL database, faulted as an operator or the machine
/// faults them: a silo killed with SIGKILL, a silo frozen with SIGSTOP and resumed after another took its work over,
/// every silo restarted one after another under load. Every order completes exactly once: one supplier order in the
/// simulator's ledger, one email at the SMTP server.
/// </summary>
[Collection(SiloProcessesCollection.Name)]
public sealed class SiloProcessesPostgresTests(ITestOutputHelper output)
{
    /// <summary>After kill -9, grains of the dead silo answer again on another silo within this (issue floor).</summary>
    private static readonly TimeSpan AnswerFloor = TimeSpan.FromSeconds(15);

    /// <summary>After kill -9 or a freeze, pending effects and due wake-ups resume within this (issue floor).</summary>
    private static readonly TimeSpan ResumeFloor = TimeSpan.FromSeconds(30);

    /// <summary>A frozen silo is declared dead within this (issue floor).</summary>
    private static readonly TimeSpan DeclaredDeadFloor = TimeSpan.FromSeconds(30);

    private const int PerKind = 8;

    [Fact]
    public async Task SiloKilled_WhileOrdersAwaitTheSupplierAnEmailAndAPoll_EachOrderCompletesOnceWithinTheFloors()
    {
        await using var cluster = await ProcessCluster.StartAsync(output, extra: new Dictionary<string, string> { ["Orders__PollEvery"] = "00:00:08" });

        // Every silo registers the operations grains' reminders as it starts; the table holds each of them once.
        string[] operations = [AlertsGrain.Reminder, ReconciliationGrain.Reminder];
        await cluster.WaitUntilAsync(
            async () => (await RemindersNamedAsync(cluster, operations)).Count == operations.Length,
            ProcessCluster.Wait,
            "the operations reminders");
        Assert.Equal(operations.Order(StringComparer.Ordinal), await RemindersNamedAsync(cluster, operations));

        // Every email waits: the mail server refuses until the silo is dead.
        await cluster.Smtp.RefuseAsync(451);
        var completed = await CreateAndPayAsync(cluster, ProcessCluster.CompletedSku, PerKind);
        var polled = await CreateAndPayAsync(cluster, ProcessCluster.PolledSku, PerKind);
        await cluster.WaitUntilAsync(
            () => Task.FromResult(completed.Concat(polled).All(b => cluster.SupplierOrders(b.OrderId).Count == 1)),
            ProcessCluster.Wait,
            "the supplier to hold an order for each completed and polled order");

        // Last the slow ones: the supplier has created their orders and keeps the answer for 6 s.
        var slow = await CreateAndPayAsync(cluster, ProcessCluster.SlowSku, PerKind);
        await cluster.WaitUntilAsync(
            () => Task.FromResult(slow.All(b => cluster.SupplierOrders(b.OrderId).Count == 1)),
            ProcessCluster.Wait,
            "the supplier to have the slow orders in hand");

        var (victim, held) = await VictimAsync(cluster, new() { ["slow"] = slow, ["email"] = completed, ["poll"] = polled });
        var killed = Stopwatch.StartNew();
        await victim.KillAsync();
        cluster.Log($"{victim.Name} killed holding {held.Count} orders");
        await cluster.Smtp.AcceptAsync();

        var (answered, done) = await MeasureRecoveryAsync(cluster, held, killed);
        await cluster.AssertDeliveredOnceAsync([.. completed, .. polled, .. slow]);
        output.WriteLine($"kill -9 → grains answer again: {answered.TotalSeconds:F1} s (floor {AnswerFloor.TotalSeconds:F0} s)");
        output.WriteLine($"kill -9 → pending effects done: {done.TotalSeconds:F1} s (floor {ResumeFloor.TotalSeconds:F0} s)");
        Assert.True(answered < AnswerFloor, $"the killed silo's grains answered again after {answered.TotalSeconds:F1} s");
        Assert.True(done < ResumeFloor, $"the killed silo's pending effects were done after {done.TotalSeconds:F1} s");
        Assert.All(cluster.Silos.Where(s => s != victim), s => Assert.False(s.HasExited, s.Tail()));
    }

    [Fact]
    public async Task SiloFrozen_AnotherTakesItsWorkOver_ResumedItCallsNobodyAgain()
    {
        await using var cluster = await ProcessCluster.StartAsync(output);
        await using var database = NpgsqlDataSource.Create(cluster.ConnectionString);
        await cluster.Smtp.RefuseAsync(451);
        var completed = await CreateAndPayAsync(cluster, ProcessCluster.CompletedSku, PerKind);
        await cluster.WaitUntilAsync(
            () => Task.FromResult(completed.All(b => cluster.SupplierOrders(b.OrderId).Count == 1)),
            ProcessCluster.Wait,
            "the supplier to hold an order for each completed order");
        var slow = await CreateAndPayAsync(cluster, ProcessCluster.SlowSku, PerKind);
        await cluster.WaitUntilAsync(
            () => Task.FromResult(slow.All(b => cluster.SupplierOrders(b.OrderId).Count == 1)),
            ProcessCluster.Wait,
            "the supplier to have the slow orders in hand");

        var (victim, held) = await VictimAsync(cluster, new() { ["slow"] = slow, ["email"] = completed });
        var frozen = Stopwatch.StartNew();
        await victim.FreezeAsync();
        cluster.Log($"{victim.Name} frozen holding {held.Count} orders");
        await cluster.Smtp.AcceptAsync();
        try
        {
            var port = int.Parse(victim.Settings["Orleans__SiloPort"], CultureInfo.InvariantCulture);
            await cluster.WaitUntilAsync(() => DeclaredDeadAsync(database, port), DeclaredDeadFloor + TimeSpan.FromSeconds(30), $"{victim.Name} to be declared dead");
            var declaredDead = frozen.Elapsed;
            output.WriteLine($"SIGSTOP → declared dead: {declaredDead.TotalSeconds:F1} s (floor {DeclaredDeadFloor.TotalSeconds:F0} s)");

            // The other silos finish everything, the frozen one's orders included.
            await cluster.AssertDeliveredOnceAsync([.. completed, .. slow]);
            var takenOver = frozen.Elapsed;
            output.WriteLine($"SIGSTOP → its orders delivered by the others: {takenOver.TotalSeconds:F1} s");
            Assert.True(declaredDead < DeclaredDeadFloor, $"the frozen silo was declared dead after {declaredDead.TotalSeconds:F1} s");
        }
        finally
        {
            await victim.ResumeAsync();
        }

        // Resumed, it learns it was declared dead and ends itself. Until then whatever it still had in hand must call
        // nobody: a call it had not begun is refused by its claim's fence (the lease has passed), and a new claim
        // fails on the records the other silos wrote.
        cluster.Log($"{victim.Name} resumed");
        await cluster.WaitUntilAsync(() => Task.FromResult(victim.HasExited), TimeSpan.FromSeconds(60), $"{victim.Name} to stop itself once it learns it is dead");
        cluster.Log($"{victim.Name} exited");
        await cluster.AssertExactlyOnceAsync([.. completed, .. slow]);
        Assert.All(cluster.Silos.Where(s => s != victim), s => Assert.False(s.HasExited, s.Tail()));
    }

    [Fact]
    public async Task EverySiloRestartedInTurn_UnderLoad_NoOrderLostNoneBoughtOrDeliveredTwice()
    {
        await using var cluster = await ProcessCluster.StartAsync(output);
        using var load = new Load(cluster);
        var running = load.RunAsync();
        await cluster.WaitUntilAsync(() => Task.FromResult(load.Paid.Count >= 10), ProcessCluster.Wait, "the load to get going");
        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            var old = cluster.Silos[i];
            var clock = Stopwatch.StartNew();
            await old.StopAsync(TimeSpan.FromSeconds(60));
            var stopped = clock.Elapsed;
            cluster.Silos[i] = await old.StartAgainAsync(TimeSpan.FromSeconds(120));
            await old.DisposeAsync();
            cluster.Log($"{old.Name} restarted (stopped in {stopped.TotalSeconds:F1} s, back in {clock.Elapsed.TotalSeconds:F1} s); {load.Paid.Count} orders paid so far");
            var before = load.Paid.Count;
            await cluster.WaitUntilAsync(() => Task.FromResult(load.Paid.Count >= before + 5), ProcessCluster.Wait, "orders to keep flowing after the restart");
        }

        load.Stop();
        await running;
        cluster.Log($"load stopped: {load.Paid.Count} orders paid, answers {load.Answers}");
        Assert.Empty(load.Failures);
        await cluster.AssertDeliveredOnceAsync([.. load.Paid]);
    }

    [Fact]
    public async Task PostgresRestarted_UnderLoad_SilosAndGatewayRecoverWithoutARestart_No500NoUnrecordedPaymentNoSecondEmail()
    {
        var server = await PostgresServer.StartDedicatedAsync();
        await using var cluster = await ProcessCluster.StartAsync(output, connectionString: await server.CreateDatabaseAsync("pgrestart"));
        using var load = new Load(cluster);
        var running = load.RunAsync();
        await cluster.WaitUntilAsync(() => Task.FromResult(load.Paid.Count >= 10), ProcessCluster.Wait, "the load to get going");
        var clock = Stopwatch.StartNew();
        await server.RestartAsync();
        var before = load.Paid.Count;
        cluster.Log($"PostgreSQL restarted in {clock.Elapsed.TotalSeconds:F1} s with {before} orders paid");
        await cluster.WaitUntilAsync(() => Task.FromResult(load.Paid.Count >= before + 10), ProcessCluster.Wait, "orders to be paid again after the restart");
        output.WriteLine($"PostgreSQL restart → payments answered 2xx again: {clock.Elapsed.TotalSeconds:F1} s");
        load.Stop();
        await running;
        cluster.Log($"load stopped: {load.Paid.Count} orders paid, answers {load.Answers}");
        Assert.Empty(load.Failures);
        await cluster.AssertDeliveredOnceAsync([.. load.Paid]);
        Assert.All(cluster.Silos.Append(cluster.Gateway), s => Assert.False(s.HasExited, s.Tail()));
    }

    private static async Task<List<Buyer>> CreateAndPayAsync(ProcessCluster cluster, string sku, int count)
    {
        var buyers = new ConcurrentBag<Buyer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) => buyers.Add(await cluster.CreateAndPayAsync(sku, ct)));
        return [.. buyers];
    }

    /// <summary>
    /// The silo that holds orders of the most kinds (then the most orders): the one to fault. Every kind must be
    /// among them, or the fault would test less than it says.
    /// </summary>
    private static async Task<(SiloProcess Victim, List<Buyer> Held)> VictimAsync(ProcessCluster cluster, Dictionary<string, List<Buyer>> kinds)
    {
        var hosts = await cluster.HostsAsync(kinds.Values.SelectMany(b => b).Select(b => b.OrderId));
        var victim = cluster.Silos
            .Select(s => (Silo: s, Kinds: kinds.Count(k => k.Value.Any(b => hosts.GetValueOrDefault(b.OrderId) == s)), Orders: hosts.Count(h => h.Value == s)))
            .OrderByDescending(v => v.Kinds).ThenByDescending(v => v.Orders)
            .First();
        foreach (var (kind, buyers) in kinds)
        {
            cluster.Log($"{kind}: {string.Join(", ", cluster.Silos.Select(s => $"{s.Name} {buyers.Count(b => hosts.GetValueOrDefault(b.OrderId) == s)}"))}");
        }

        Assert.True(victim.Kinds == kinds.Count, $"no silo holds orders of every kind ({string.Join(", ", kinds.Keys)}); {victim.Silo.Name} holds {victim.Kinds}");
        return (victim.Silo, kinds.Values.SelectMany(b => b).Where(b => hosts.GetValueOrDefault(b.OrderId) == victim.Silo).ToList());
    }

    /// <summary>From the kill: when the last of the dead silo's orders answered again, and when the last got its email.</summary>
    private static async Task<(TimeSpan Answered, TimeSpan Done)> MeasureRecoveryAsync(ProcessCluster cluster, List<Buyer> held, Stopwatch killed)
    {
        var answered = await Task.WhenAll(held.Select(async buyer =>
        {
            await cluster.WaitUntilAsync(async () => await cluster.OrderAsync(buyer.OrderId, TimeSpan.FromSeconds(2)) is not null, ProcessCluster.Wait, $"order {buyer.OrderId} to answer again");
            return killed.Elapsed;
        }));
        var addresses = held.Select(b => b.Email).ToArray();
        var done = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        await cluster.WaitUntilAsync(
            async () =>
            {
                var messages = await cluster.Smtp.MessagesAsync();
                foreach (var address in addresses.Where(a => messages.Any(m => m.To.Contains(a, StringComparer.OrdinalIgnoreCase))))
                {
                    done.TryAdd(address, killed.Elapsed);
                }

                return done.Count == addresses.Length;
            },
            ProcessCluster.Wait,
            "every order of the killed silo to get its email");
        return (answered.Max(), done.Values.Max());
    }

    private static async Task<bool> DeclaredDeadAsync(NpgsqlDataSource database, int port)
    {
        // Orleans' SiloStatus.Dead is 6.
        await using var command = database.CreateCommand("SELECT count(*) FROM orleans_membership WHERE port = $1 AND status = 6");
        command.Parameters.AddWithValue(port);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<List<string>> RemindersNamedAsync(ProcessCluster cluster, string[] names)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT reminder_name FROM orleans_reminder WHERE reminder_name = ANY($1) ORDER BY reminder_name COLLATE \"C\"", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = names });
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }
}

/// <summary>Storefront and Stripe traffic while silos come and go: create and pay, retrying a 503 as Stripe retries.</summary>
internal sealed class Load(ProcessCluster cluster) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, int> _answers = new();

    public ConcurrentBag<Buyer> Paid { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    /// <summary>Status code → count of every answer the gateway gave.</summary>
    public string Answers => string.Join(", ", _answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"));

    public IReadOnlyDictionary<int, int> AnswerCounts => _answers;

    public Task RunAsync(int callers = 2) => Task.WhenAll(Enumerable.Range(0, callers).Select(_ => CallerAsync()));

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private async Task CallerAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Buyer? buyer = null;
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        buyer = await cluster.CreateAsync(ProcessCluster.CompletedSku);
                        _answers.AddOrUpdate(201, 1, (_, n) => n + 1);
                        return true;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
                    {
                        // Not created (or not known to be): a storefront tries again with a new cart.
                        return _stop.IsCancellationRequested;
                    }
                },
                TimeSpan.FromSeconds(120),
                "an order to be created",
                TimeSpan.FromMilliseconds(200));
            if (buyer is null)
            {
                return;
            }

            // Stripe delivers the event until it gets a 2xx: a 503 (or no answer) is delivered again, the same event.
            var eventId = Guid.NewGuid().ToString("N");
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var answer = await cluster.PayAsync(buyer, unique: eventId);
                        _answers.AddOrUpdate((int)answer.StatusCode, 1, (_, n) => n + 1);
                        if ((int)answer.StatusCode >= 500 && answer.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
                        {
                            Failures.Add($"{buyer.OrderId}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                        }

                        if (answer.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && answer.Headers.RetryAfter is null)
                        {
                            Failures.Add($"{buyer.OrderId}: 503 without Retry-After");
                        }

                        return answer.IsSuccessStatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(120),
                $"the payment of {buyer.OrderId} to be answered 2xx",
                TimeSpan.FromMilliseconds(200));
            Paid.Add(buyer);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcessesCollection
{
    public const string Name = "silo processes";
}
