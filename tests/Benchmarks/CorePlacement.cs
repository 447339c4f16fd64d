using System.Diagnostics;
using System.Globalization;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Which cores of this machine the benchmark's processes may run on. <see cref="Shared"/>: PostgreSQL, this process
/// (silos, gateway, raw loop) and wrk all on every core, as the operating system schedules them. <see cref="Split"/>:
/// PostgreSQL alone on the last core and everything else on the others, as a database server with cores of its own
/// runs beside the silos in a deployment.
/// </summary>
/// <remarks>
/// On shared cores PostgreSQL's processes spend more CPU on each write behind the silos than behind a loop that leaves
/// them the cores, though the storage's statement, run alone, costs what the raw upsert does, and, counted over all
/// their processes, they are preempted about as often per write (the ingest benchmark's second table): cores and
/// caches that the silos' threads keep busy are the likely cause. Split, both sides meet the same database. Affinity
/// is set with util-linux's <c>taskset</c> on every thread of this process and on the server's processes; threads and
/// processes started afterwards (Orleans' threads, wrk, PostgreSQL's new backends) inherit it from their parent. Only a
/// server this process started is moved.
/// </remarks>
public static class CorePlacement
{
    public const string Shared = "shared";
    public const string Split = "split";

    /// <summary>Places PostgreSQL and this process as <paramref name="placement"/> says, and describes it.</summary>
    public static async Task<string> ApplyAsync(string placement, PostgresServer server)
    {
        var cores = Environment.ProcessorCount;
        var all = $"0-{cores - 1}";
        var postgres = ServerProcesses(server);
        if (placement == Shared)
        {
            await PinAsync(Environment.ProcessId, all);
            foreach (var pid in postgres)
            {
                await PinAsync(pid, all);
            }

            return $"shared: all on cores {all}";
        }

        if (cores < 2 || postgres.Count == 0)
        {
            throw new InvalidOperationException("Split placement needs two cores and a PostgreSQL server started by the benchmark itself.");
        }

        var last = (cores - 1).ToString(CultureInfo.InvariantCulture);
        var rest = cores == 2 ? "0" : $"0-{cores - 2}";
        foreach (var pid in postgres)
        {
            await PinAsync(pid, last);
        }

        await PinAsync(Environment.ProcessId, rest);
        return $"split: PostgreSQL on core {last}, the rest on {rest}";
    }

    /// <summary>The server process (from <c>postmaster.pid</c>) and its children: backends and background processes.</summary>
    public static List<int> ServerProcesses(PostgresServer server)
    {
        if (server.DataDirectory is not { } data || !File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return [];
        }

        var postmaster = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var processes = new List<int> { postmaster };
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            // A process that ended while we looked has no stat.
            if (ProcStat.Read(Path.GetFileName(directory)) is { } stat && stat[4] == postmaster)
            {
                processes.Add(pid);
            }
        }

        return processes;
    }

    private static async Task PinAsync(int pid, string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["--all-tasks", "--pid", "--cpu-list", cores, pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = taskset.StandardError.ReadToEndAsync();
        await taskset.StandardOutput.ReadToEndAsync();
        await taskset.WaitForExitAsync();
        // A backend that exited between the listing and taskset is no failure.
        if (taskset.ExitCode != 0 && Directory.Exists($"/proc/{pid}"))
        {
            throw new InvalidOperationException($"taskset could not move process {pid} to cores {cores}: {await error}");
        }
    }
}
