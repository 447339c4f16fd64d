using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Operations;

/// <summary>
/// What the alerts grain remembers: the alerts open now (so each is raised once and resolved once), and the supplier
/// balance last reported by its balance read (an effect, so no evaluation waits on the supplier): the amount and when
/// it was read, the last failed read, and whether a read is under way.
/// </summary>
/// <param name="LastBalance">The supplier balance last read; with no <paramref name="BalanceAt"/> (a record written
/// before reads were effects) its age is unknown and it is not used.</param>
public sealed record AlertsState(
    EquatableArray<ActiveAlert> Active,
    long Transitions,
    decimal? LastBalance,
    string? BalanceCurrency = null,
    DateTimeOffset? BalanceAt = null,
    string? BalanceProblem = null,
    DateTimeOffset? BalanceProblemAt = null,
    long BalanceReads = 0,
    bool BalanceReading = false)
{
    public static AlertsState Initial { get; } = new([], 0, null);

    public bool IsActive(string rule) => Active.Any(a => a.Rule == rule);

    /// <summary>A balance read is asked for: the next read's number, one under way.</summary>
    public AlertsState WithBalanceRequested() => this with { BalanceReads = BalanceReads + 1, BalanceReading = true };

    /// <summary>
    /// A balance read answered. A balance replaces the last one unless an older read answers after a newer one; a
    /// failure is kept beside the last balance, which keeps its own age.
    /// </summary>
    public AlertsState WithBalanceReported(SupplierBalanceReported report)
    {
        var done = this with { BalanceReading = false };
        if (report.Amount is { } amount && report.Currency is { } currency)
        {
            return BalanceAt is { } at && at > report.At
                ? done
                : done with { LastBalance = amount, BalanceCurrency = currency, BalanceAt = report.At, BalanceProblem = null, BalanceProblemAt = null };
        }

        return done with { BalanceProblem = report.Problem ?? "no balance", BalanceProblemAt = report.At };
    }

    /// <summary>The balance to judge by at <paramref name="now"/>: the last read, unless older than <paramref name="maxAge"/>.</summary>
    public decimal? BalanceNotOlderThan(TimeSpan maxAge, DateTimeOffset now) =>
        BalanceAt is { } at && now - at <= maxAge ? LastBalance : null;

    /// <summary>The balance as the supplier health page shows it; null before any read answered.</summary>
    public SupplierBalanceReading? Reading =>
        BalanceAt is null && BalanceProblemAt is null ? null : new SupplierBalanceReading(BalanceAt is null ? null : LastBalance, BalanceCurrency, BalanceAt, BalanceProblem, BalanceProblemAt);
}

/// <summary>An alert whose condition holds: raised at <paramref name="Since"/> with <paramref name="Message"/>.</summary>
public sealed record ActiveAlert(string Rule, string Message, DateTimeOffset Since);

/// <summary>
/// What a supplier balance read came to, reported back to the alerts grain: the balance and its currency, or why there
/// is none, read at <paramref name="At"/>.
/// </summary>
public sealed record SupplierBalanceReported(decimal? Amount, string? Currency, string? Problem, DateTimeOffset At);

/// <summary>The payload of an operations alert's notifications (email, outgoing webhook).</summary>
public sealed record OperationsAlert(string Rule, string Status, string Message, DateTimeOffset At)
{
    /// <summary>One line for chat: the Slack-compatible <c>text</c>.</summary>
    public string Text => Status == "resolved" ? $"RESOLVED {Rule}: {Message}" : $"ALERT {Rule}: {Message}";
}
