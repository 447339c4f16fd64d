namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// How busy the machine's cores were between two readings of <c>/proc/stat</c>: the share of all cores' time spent
/// running anything (this process, PostgreSQL, the simulators), and the share the hypervisor gave to others (steal).
/// A row near 100 % busy is bound by CPU, whatever else it measures.
/// </summary>
public sealed class MachineCpu
{
    private readonly (long Busy, long Steal, long Total)? start = Read();

    /// <summary>"87 % busy, 3 % steal" since this reading was taken; "n/a" where <c>/proc/stat</c> does not exist.</summary>
    public string Since()
    {
        if (start is not { } from || Read() is not { } to || to.Total <= from.Total)
        {
            return "n/a";
        }

        var total = (double)(to.Total - from.Total);
        return $"{100 * (to.Busy - from.Busy) / total:0} % busy, {100 * (to.Steal - from.Steal) / total:0} % steal";
    }

    private static (long Busy, long Steal, long Total)? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user already)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var steal = fields[7];
        var total = fields.Sum();
        return (total - idle - steal, steal, total);
    }
}
