using Orleans.Delivery.Testing.Servers;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.Runtime.Storage;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Engine turns against PostgreSQL itself: turns per second and latency on one hot key and on many keys at 1, 8 and
/// 32 callers, beside a plain Npgsql loop doing the same transaction; then memory after 10,000 and 100,000 grains.
/// </summary>
public static class EngineBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var connectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("bench");
        await using var dataSource = PostgresGrainStore.CreateDataSource(new PostgresStoreOptions { ConnectionString = connectionString });
        await using var store = new PostgresGrainStore(dataSource);
        await store.MigrateAsync(TimeProvider.System.GetUtcNow());
        await PrepareBaselineAsync(dataSource);
        var client = new GrainClient(store, new GrainRegistry([new BenchGrain()]), TimeProvider.System, new WorkSignal());

        Console.WriteLine($"engine benchmark: PostgreSQL, {seconds:0} s per cell, {Environment.ProcessorCount} cores");
        Console.WriteLine("| workload | callers | baseline tx/s | engine turns/s | ratio | engine p50 ms | engine p99 ms | baseline p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var hot in new[] { true, false })
        {
            foreach (var callers in new[] { 1, 8, 32 })
            {
                var run = Guid.NewGuid().ToString("N")[..8];
                string Key(int caller, long i) => hot ? $"hot-{run}" : $"k-{run}-{caller}-{i % 1000}";
                var baseline = await Stats.MeasureAsync(callers, duration, (c, i) => BaselineTurnAsync(dataSource, Key(c, i), $"{run}-{c}-{i}"));
                var engine = await Stats.MeasureAsync(callers, duration, (c, i) => client.TellAsync(new GrainId("bench", Key(c, i)), new BenchCommand("x")));
                Console.WriteLine(
                    $"| {(hot ? "one hot key" : "many keys")} | {callers} | {baseline.PerSecond:0} | {engine.PerSecond:0} | {engine.PerSecond / baseline.PerSecond:0.00} | {engine.P50Ms:0.00} | {engine.P99Ms:0.00} | {baseline.P99Ms:0.00} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| distinct grains with a turn | managed heap MiB (after GC) | peak working set MiB |");
        Console.WriteLine("|---|---|---|");
        var done = 0;
        foreach (var target in new[] { 10_000, 100_000 })
        {
            var from = done;
            await Parallel.ForEachAsync(Enumerable.Range(from, target - from), new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (i, ct) => await client.TellAsync(new GrainId("bench", $"mem-{i}"), new BenchCommand("m"), ct));
            done = target;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"| {target:N0} | {GC.GetTotalMemory(true) / 1048576.0:0.0} | {process.PeakWorkingSet64 / 1048576.0:0.0} |");
        }
    }

    private static async Task PrepareBaselineAsync(NpgsqlDataSource dataSource)
    {
        await using var cmd = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS baseline_row (k text PRIMARY KEY, n bigint NOT NULL, state text); " +
            "CREATE TABLE IF NOT EXISTS baseline_log (id bigserial PRIMARY KEY, k text NOT NULL, payload text NOT NULL, idem text UNIQUE)");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The same transaction written by hand: lock one row (creating it), update it, insert one row, commit.</summary>
    private static async Task BaselineTurnAsync(NpgsqlDataSource dataSource, string key, string unique)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand(
            "INSERT INTO baseline_row (k, n, state) VALUES (@k, 0, NULL) ON CONFLICT (k) DO UPDATE SET n = baseline_row.n RETURNING n, state", connection, tx))
        {
            lockRow.Parameters.AddWithValue("k", key);
            await using var reader = await lockRow.ExecuteReaderAsync();
            await reader.ReadAsync();
        }

        await using (var update = new NpgsqlCommand("UPDATE baseline_row SET n = n + 1, state = @s WHERE k = @k", connection, tx))
        {
            update.Parameters.AddWithValue("k", key);
            update.Parameters.AddWithValue("s", "{\"turns\":1}");
            await update.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO baseline_log (k, payload, idem) VALUES (@k, @p, @i)", connection, tx))
        {
            insert.Parameters.AddWithValue("k", key);
            insert.Parameters.AddWithValue("p", "{\"payload\":\"x\"}");
            insert.Parameters.AddWithValue("i", unique);
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
