namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// How busy the machine's cores were between two readings of <c>/proc/stat</c>: the share of all cores' time spent
/// running anything (this process, PostgreSQL, the simulators), and the share the hypervisor gave to others (steal).
/// A row near 100 % busy is bound by CPU, whatever else it measures.
/// </summary>
public sealed class MachineCpu
{
    private readonly Ticks? start = Read();

    /// <summary>"87 % busy, 3 % steal" since this reading was taken; "n/a" where <c>/proc/stat</c> does not exist.</summary>
    public string Since() => Format(Elapsed());

    /// <summary>The cores' time since this reading was taken; null where <c>/proc/stat</c> does not exist.</summary>
    public Ticks? Elapsed() => start is { } from && Read() is { } to && to.Total > from.Total ? to - from : null;

    /// <summary>"87 % busy, 3 % steal" for <paramref name="ticks"/>; "n/a" for none.</summary>
    public static string Format(Ticks? ticks) =>
        ticks is { Total: > 0 } t ? $"{100.0 * t.Busy / t.Total:0} % busy, {100.0 * t.Steal / t.Total:0} % steal" : "n/a";

    private static Ticks? Read()
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
        return new Ticks(total - idle - steal, steal, total);
    }

    /// <summary>Time of all cores, in clock ticks: busy, stolen by the hypervisor, and in all.</summary>
    public readonly record struct Ticks(long Busy, long Steal, long Total)
    {
        public static Ticks operator -(Ticks a, Ticks b) => new(a.Busy - b.Busy, a.Steal - b.Steal, a.Total - b.Total);

        public static Ticks operator +(Ticks a, Ticks b) => new(a.Busy + b.Busy, a.Steal + b.Steal, a.Total + b.Total);
    }
}
