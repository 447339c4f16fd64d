using System.Net.Http.Headers;
using Npgsql;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Reads of warm orders: the order page of the storefront's API (<c>GET /api/orders/{id}</c> through the gateway) and
/// the order grain's <c>GetAsync</c> through the cluster client, each at <c>callers</c> concurrent callers over
/// orders already activated. Both are served from the activation: the database commands issued during each
/// measurement are counted (Npgsql's tracing) and the reads of grain state among them printed. The baseline, in the
/// same run and database, is a raw Npgsql loop reading the same orders' rows by their key — the read an activation saves.
/// </summary>
public static class ReadsBenchmark
{
    /// <param name="args">[seconds per measurement, default 10] [callers, default 32] [orders, default 1000] [silos, default 1]</param>
    public static async Task RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(BenchCluster.Arg(args, 0, 10));
        var callers = (int)BenchCluster.Arg(args, 1, 32);
        var count = (int)BenchCluster.Arg(args, 2, 1000);
        var silos = (int)BenchCluster.Arg(args, 3, 1);
        await using var cluster = await BenchCluster.StartAsync(silos);
        var gateway = await cluster.StartGatewayAsync();
        await BenchCluster.StockAsync(cluster.Client);
        var orders = Enumerable.Range(0, count).Select(i => $"reads-{i}-{Guid.NewGuid():N}").ToArray();
        await BenchCluster.CreateOrdersAsync(cluster.Client, orders);

        Console.WriteLine(
            $"reads benchmark: {count} warm orders on {silos} silo(s), {callers} callers, {duration.TotalSeconds:0} s per measurement, " +
            $"{Environment.ProcessorCount} cores (load average at start: {BenchCluster.LoadAverage()}); PostgreSQL is the test server, on this machine");
        Console.WriteLine("| path | reads/s | ratio to raw | p50 ms | p99 ms | grain-state reads from the database | all database commands |");
        Console.WriteLine("|---|---|---|---|---|---|---|");

        await using var database = NpgsqlDataSource.Create(cluster.ConnectionString!);
        var keys = await KeysAsync(database);
        var raw = await MeasureAsync(callers, duration, (c, i) => ReadRowAsync(database, keys[(int)((c + (i * callers)) % keys.Count)]));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchCluster.StorefrontKey);
        var page = await MeasureAsync(callers, duration, async (c, i) =>
        {
            using var response = await http.GetAsync(new Uri($"/api/orders/{orders[(c + (i * callers)) % count]}", UriKind.Relative));
            response.EnsureSuccessStatusCode();
        });

        var grains = await MeasureAsync(callers, duration, async (c, i) =>
        {
            _ = await cluster.Client.GetGrain<IOrderGrain>(orders[(c + (i * callers)) % count]).GetAsync()
                ?? throw new InvalidOperationException("a created order read as missing");
        });

        Console.WriteLine(raw.Row("raw Npgsql SELECT of the order's row (baseline)", raw.Result.PerSecond));
        Console.WriteLine(page.Row("GET /api/orders/{id} via the gateway", raw.Result.PerSecond));
        Console.WriteLine(grains.Row("IOrderGrain.GetAsync via the cluster client", raw.Result.PerSecond));
    }

    private sealed record Measured(Stats.Result Result, long StateReads, long Commands)
    {
        public string Row(string path, double baseline) =>
            $"| {path} | {Result.PerSecond:0} | {Result.PerSecond / baseline:0.00} | {Result.P50Ms:0.0} | {Result.P99Ms:0.0} | {StateReads} | {Commands} |";
    }

    private static async Task<Measured> MeasureAsync(int callers, TimeSpan duration, Func<int, long, Task> read)
    {
        await Stats.MeasureAsync(callers, TimeSpan.FromSeconds(1), read);
        using var commands = new DatabaseCommands();
        var result = await Stats.MeasureAsync(callers, duration, read);
        return new Measured(result, commands.StateReads, commands.Commands);
    }

    private sealed record RowKey(string ServiceId, long N0, long N1, string Extension);

    private static async Task<List<RowKey>> KeysAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT service_id, grain_id_n0, grain_id_n1, grain_id_extension FROM orleans_grain_state WHERE state_name = 'order'");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<RowKey>();
        while (await reader.ReadAsync())
        {
            keys.Add(new RowKey(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return keys;
    }

    private static async Task ReadRowAsync(NpgsqlDataSource database, RowKey key)
    {
        await using var command = database.CreateCommand("""
            SELECT payload, version FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'order' AND grain_id_n0 = $2 AND grain_id_n1 = $3
              AND COALESCE('+' || grain_id_extension, '') = COALESCE('+' || $4, '')
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = key.N0 });
        command.Parameters.Add(new NpgsqlParameter { Value = key.N1 });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Extension });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("an order's row is missing");
        }

        _ = (byte[])reader[0];
    }
}
