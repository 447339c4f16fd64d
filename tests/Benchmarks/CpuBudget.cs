using System.Globalization;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// A fixed share of the machine's CPU for the processes put in it, as a machine or a container of their own would
/// give them: a Linux control group with a CFS quota (<c>cpu.cfs_quota_us</c> of the cgroup v1 <c>cpu</c> controller,
/// or <c>cpu.max</c> of cgroup v2). Creating one needs root and a writable cgroup file system.
/// </summary>
public sealed class CpuBudget : IDisposable
{
    private const string V1Root = "/sys/fs/cgroup/cpu";
    private const string V2Root = "/sys/fs/cgroup";
    private const int PeriodMicroseconds = 100_000;

    private readonly string directory;

    private CpuBudget(string directory, double cores)
    {
        this.directory = directory;
        Cores = cores;
    }

    /// <summary>The budget in cores: 0.3 is 30 ms of CPU time in every 100 ms, however many threads ask.</summary>
    public double Cores { get; }

    /// <summary>Why no budget can be made on this machine, or null when one can.</summary>
    public static string? Unavailable()
    {
        if (V1Available() || V2Available())
        {
            return null;
        }

        return "no writable cgroup cpu controller (run as root on Linux, with /sys/fs/cgroup/cpu or cgroup v2 mounted read-write)";
    }

    public static CpuBudget Create(string name, double cores)
    {
        var quota = ((long)Math.Round(cores * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        if (V1Available())
        {
            var directory = Path.Combine(V1Root, name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(directory, "cpu.cfs_quota_us"), quota);
            return new CpuBudget(directory, cores);
        }

        if (V2Available())
        {
            File.WriteAllText(Path.Combine(V2Root, "cgroup.subtree_control"), "+cpu");
            var directory = Path.Combine(V2Root, name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "cpu.max"), $"{quota} {PeriodMicroseconds.ToString(CultureInfo.InvariantCulture)}");
            return new CpuBudget(directory, cores);
        }

        throw new InvalidOperationException($"Cannot give a process a CPU budget: {Unavailable()}.");
    }

    /// <summary>Moves the process, every thread of it, into the budget.</summary>
    public void Add(int processId) =>
        File.WriteAllText(Path.Combine(directory, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Scheduling periods so far, and those in which the processes wanted more than the budget.</summary>
    public (long Periods, long Throttled) Periods()
    {
        long periods = 0, throttled = 0;
        foreach (var line in File.ReadLines(Path.Combine(directory, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts is ["nr_periods", var p])
            {
                periods = long.Parse(p, CultureInfo.InvariantCulture);
            }
            else if (parts is ["nr_throttled", var t])
            {
                throttled = long.Parse(t, CultureInfo.InvariantCulture);
            }
        }

        return (periods, throttled);
    }

    /// <summary>Removes the group; its processes must have exited.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // A process of it is still exiting; an empty leftover group costs nothing.
        }
    }

    private static bool V1Available() => File.Exists(Path.Combine(V1Root, "cpu.cfs_quota_us")) && Writable(V1Root);

    private static bool V2Available() =>
        File.Exists(Path.Combine(V2Root, "cgroup.controllers"))
        && File.ReadAllText(Path.Combine(V2Root, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries).Contains("cpu")
        && Writable(V2Root);

    private static bool Writable(string root)
    {
        var probe = Path.Combine(root, $"orleans-delivery-probe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
