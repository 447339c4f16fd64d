using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Orleans.Runtime;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// The single node's SQLite grain storage: ETag-checked writes per second at 1, 8 and 32 callers (each caller writes
/// its own grain, as grains do), beside a plain Microsoft.Data.Sqlite loop that commits each same-sized write in its
/// own transaction (read the version, upsert) on a connection per caller, in the same run and on the same disk.
/// </summary>
public static class SqliteStorageBenchmark
{
    private const string StorageName = "bench";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var folder = Path.Combine(Path.GetTempPath(), $"orleans-delivery-sqlite-bench-{Guid.NewGuid():N}");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort(), FreePort(), serviceId: "sqlite-bench", clusterId: "sqlite-bench")
                .AddSqliteGrainStorage(StorageName, Path.Combine(folder, "storage", "orleans.db")));
            using var host = builder.Build();
            await host.StartAsync();
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
            var serializer = host.Services.GetRequiredService<IGrainStorageSerializer>();
            var sample = new BenchState(new string('x', 200), 0);
            var rowBytes = serializer.Serialize(sample).ToArray().Length;
            var rawConnectionString = await PrepareRawAsync(Path.Combine(folder, "raw", "raw.db"));

            Console.WriteLine($"sqlite-storage benchmark: {seconds:0} s per cell, {rowBytes}-byte rows, WAL, synchronous=FULL, {Environment.ProcessorCount} cores");
            Console.WriteLine("| callers | raw tx-per-write writes/s | SqliteGrainStorage writes/s | ratio | storage p50 ms | storage p99 ms | raw p99 ms |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var callers in new[] { 1, 8, 32 })
            {
                var run = Guid.NewGuid().ToString("N")[..8];
                var raw = await MeasureRawAsync(rawConnectionString, callers, rowBytes, run, duration);
                var states = Enumerable.Range(0, callers).Select(_ => new GrainState<BenchState>(sample)).ToArray();
                var grains = Enumerable.Range(0, callers).Select(c => GrainId.Create("bench", $"{run}-{c}")).ToArray();
                // Each write starts on the pool, as the raw loop's do: a write that commits on its caller's thread
                // completes synchronously and would otherwise keep the other callers from ever starting.
                var ours = await Stats.MeasureAsync(callers, duration, (c, i) => Task.Run(() =>
                {
                    states[c].State = sample with { Number = (int)i };
                    return storage.WriteStateAsync("bench-state", grains[c], states[c]);
                }));
                Console.WriteLine(
                    $"| {callers} | {raw.PerSecond:0} | {ours.PerSecond:0} | {ours.PerSecond / raw.PerSecond:0.00} | {ours.P50Ms:0.00} | {ours.P99Ms:0.00} | {raw.P99Ms:0.00} |");
            }

            await host.StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<string> PrepareRawAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 60 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                state_name TEXT NOT NULL, grain_id TEXT NOT NULL, version INTEGER NOT NULL, payload BLOB,
                PRIMARY KEY (state_name, grain_id)) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    private static async Task<Stats.Result> MeasureRawAsync(string connectionString, int callers, int rowBytes, string run, TimeSpan duration)
    {
        var connections = new SqliteConnection[callers];
        try
        {
            for (var c = 0; c < callers; c++)
            {
                connections[c] = new SqliteConnection(connectionString);
                connections[c].Open();
                using var pragma = connections[c].CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = FULL;";
                pragma.ExecuteNonQuery();
            }

            var payload = new byte[rowBytes];
            Random.Shared.NextBytes(payload);

            // Microsoft.Data.Sqlite completes its calls synchronously, so each write runs on the pool to let the
            // callers overlap as concurrent grains would.
            return await Stats.MeasureAsync(callers, duration, (c, i) => Task.Run(() => RawWrite(connections[c], $"{run}-{c}", payload)));
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    private static void RawWrite(SqliteConnection connection, string grainId, byte[] payload)
    {
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT version FROM grain_state WHERE state_name = 'bench-state' AND grain_id = @grain_id;";
        read.Parameters.AddWithValue("@grain_id", grainId);
        var version = read.ExecuteScalar() is long v ? v : 0;
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO grain_state (state_name, grain_id, version, payload) VALUES ('bench-state', @grain_id, @version, @payload)
            ON CONFLICT (state_name, grain_id) DO UPDATE SET version = excluded.version, payload = excluded.payload;
            """;
        write.Parameters.AddWithValue("@grain_id", grainId);
        write.Parameters.AddWithValue("@version", version + 1);
        write.Parameters.AddWithValue("@payload", payload);
        write.ExecuteNonQuery();
        transaction.Commit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A grain state of about the size of a small order.</summary>
    [GenerateSerializer]
    public sealed record BenchState([property: Id(0)] string Text, [property: Id(1)] int Number);
}
