using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// Counts the round trips this process makes to PostgreSQL, from Npgsql's own tracing (its "Npgsql" activity source,
/// which emits one activity per command or per batch of commands sent together, and one per physical connection
/// opened): all of them, and the reads of grain state (the ADO.NET storage's SELECT from <c>orleans_grain_state</c>).
/// </summary>
public sealed partial class DatabaseCommands : IDisposable
{
    private readonly ConcurrentDictionary<string, int> byTable = new(StringComparer.Ordinal);
    private readonly ActivityListener listener;
    private long commands;
    private long stateReads;

    public DatabaseCommands()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Count,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public long Commands => Interlocked.Read(ref commands);

    public long StateReads => Interlocked.Read(ref stateReads);

    /// <summary>Commands by the first table each names (orleans_grain_state, orleans_reminder, operations_entries, …), most first.</summary>
    public string ByTable(double per) =>
        string.Join(", ", byTable.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value / per:0.0}"));

    public void Dispose() => listener.Dispose();

    private void Count(Activity activity)
    {
        // Npgsql 8 and later tag the command text as db.query.text; earlier versions as db.statement.
        if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is not string text)
        {
            return;   // a physical connection being opened, not a command
        }

        Interlocked.Increment(ref commands);
        byTable.AddOrUpdate(Table().Match(text) is { Success: true } table ? table.Value : "other", 1, (_, n) => n + 1);
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && text.Contains("orleans_grain_state", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref stateReads);
        }
    }

    [GeneratedRegex(@"\b(orleans_[a-z_]+|operations_[a-z_]+)\b")]
    private static partial Regex Table();
}
