using System.Globalization;
using Orleans.Delivery.Testing.Servers;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// CPU spent between two readings of <c>/proc</c> (<see cref="Reading"/>): by this process (silos, gateway, raw loop), by
/// the processes it ran and waited for (wrk), and by the PostgreSQL server the benchmark started (its postmaster and
/// every process it forked, those that ended included); and how often the server's processes were preempted — taken off
/// a core while they could still run. Divided by the operations done in between, it tells what each one cost on either
/// side of the socket.
/// </summary>
public readonly record struct CpuCost(double ProcessMicros, double ChildrenMicros, double ServerMicros, long ServerPreemptions)
{
    /// <summary>The kernel's clock tick for process times in <c>/proc</c> (USER_HZ), 100 per second on Linux.</summary>
    private const double MicrosPerTick = 10_000;

    public static CpuCost operator +(CpuCost a, CpuCost b) =>
        new(a.ProcessMicros + b.ProcessMicros, a.ChildrenMicros + b.ChildrenMicros, a.ServerMicros + b.ServerMicros, a.ServerPreemptions + b.ServerPreemptions);

    /// <summary>"412 | 38 | 530 | 0.61": the microseconds of each side and the preemptions, per operation.</summary>
    public string PerOperation(long operations) =>
        operations <= 0
            ? "n/a | n/a | n/a | n/a"
            : $"{ProcessMicros / operations:0} | {ChildrenMicros / operations:0} | {ServerMicros / operations:0} | {(double)ServerPreemptions / operations:0.00}";

    /// <summary>
    /// The times of this process and of <paramref name="server"/>'s processes, now; a server not started here counts
    /// zero. A process that ends between two readings is still counted: its time moves into the postmaster's time for
    /// ended children, and its preemptions, which nothing keeps, drop out of the difference.
    /// </summary>
    public sealed class Reading
    {
        private readonly (double Own, double Children) self;
        private readonly double serverMicros;
        private readonly Dictionary<int, long> preemptions = [];

        public Reading(PostgresServer server)
        {
            self = Times("self") ?? default;
            foreach (var pid in CorePlacement.ServerProcesses(server))
            {
                var name = pid.ToString(CultureInfo.InvariantCulture);
                if (Times(name) is { } times)
                {
                    serverMicros += times.Own + times.Children;
                }

                if (Preemptions(name) is { } count)
                {
                    preemptions[pid] = count;
                }
            }
        }

        /// <summary>What was spent from <paramref name="earlier"/> to this reading.</summary>
        public CpuCost Since(Reading earlier) => new(
            self.Own - earlier.self.Own,
            self.Children - earlier.self.Children,
            serverMicros - earlier.serverMicros,
            preemptions.Sum(p => earlier.preemptions.TryGetValue(p.Key, out var before) ? p.Value - before : 0));
    }

    /// <summary>utime + stime, and cutime + cstime (ended children waited for), in microseconds; null once it ended.</summary>
    private static (double Own, double Children)? Times(string process) =>
        ProcStat.Read(process) is { } stat
            ? ((stat[14] + stat[15]) * MicrosPerTick, (stat[16] + stat[17]) * MicrosPerTick)
            : null;

    private static long? Preemptions(string process)
    {
        try
        {
            const string Key = "nonvoluntary_ctxt_switches:";
            var line = File.ReadLines($"/proc/{process}/status").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[Key.Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
