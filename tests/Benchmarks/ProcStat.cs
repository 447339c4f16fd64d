using System.Globalization;

namespace Orleans.Delivery.Benchmarks;

/// <summary>A process's <c>/proc/&lt;pid&gt;/stat</c>, read by field number as <c>proc(5)</c> numbers them.</summary>
public static class ProcStat
{
    /// <summary>
    /// Fields 3 onwards of <paramref name="process"/>'s stat line (a pid, or <c>self</c>); null once it has ended. The
    /// line is "pid (name) state ppid …" and the name may hold spaces, so the fields are counted after its ')'.
    /// </summary>
    public static Fields? Read(string process)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process}/stat");
            return new Fields(stat[(stat.LastIndexOf(')') + 2)..].Split(' '));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public sealed class Fields(string[] fromState)
    {
        /// <summary>Field <paramref name="number"/> (4 is ppid, 14 utime, …), as a number.</summary>
        public long this[int number] => long.Parse(fromState[number - 3], CultureInfo.InvariantCulture);
    }
}
