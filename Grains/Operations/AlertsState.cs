namespace Orleans.Delivery.Grains.Operations;

/// <summary>
/// What the alerts grain remembers: the alerts open now (so each is raised once and resolved once), and the supplier
/// balance it last read with the spend it saw since (balance drops, per UTC day, for the trailing 7 days; top-ups are
/// not spend).
/// </summary>
public sealed record AlertsState(
    EquatableArray<ActiveAlert> Active,
    long Transitions,
    decimal? LastBalance,
    DateTimeOffset? FirstBalanceAt,
    EquatableArray<DailySpend> Spend)
{
    public static AlertsState Initial { get; } = new([], 0, null, null, []);

    public const int SpendDays = 7;

    public bool IsActive(string rule) => Active.Any(a => a.Rule == rule);

    /// <summary>Records a balance read at <paramref name="now"/>: a drop since the last read is spend of that day.</summary>
    public AlertsState WithBalance(decimal balance, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var spend = Spend.Where(s => s.Day > day.AddDays(-SpendDays)).ToList();
        if (LastBalance is { } last && balance < last)
        {
            var today = spend.FindIndex(s => s.Day == day);
            if (today >= 0)
            {
                spend[today] = spend[today] with { Amount = spend[today].Amount + (last - balance) };
            }
            else
            {
                spend.Add(new DailySpend(day, last - balance));
            }
        }

        return this with { LastBalance = balance, FirstBalanceAt = FirstBalanceAt ?? now, Spend = spend.ToEquatableArray() };
    }

    /// <summary>
    /// The trailing 7-day daily average of the spend seen: over the days observed so far when fewer than seven (at least
    /// one), so a young shop is not measured against days it did not exist.
    /// </summary>
    public decimal TypicalDailySpend(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var total = Spend.Where(s => s.Day > day.AddDays(-SpendDays)).Sum(s => s.Amount);
        var observed = FirstBalanceAt is { } first ? Math.Clamp((decimal)(now - first).TotalDays, 1m, SpendDays) : 1m;
        return total / observed;
    }
}

/// <summary>An alert whose condition holds: raised at <paramref name="Since"/> with <paramref name="Message"/>.</summary>
public sealed record ActiveAlert(string Rule, string Message, DateTimeOffset Since);

/// <summary>What the balance dropped by on one UTC day.</summary>
public sealed record DailySpend(DateOnly Day, decimal Amount);

/// <summary>The payload of an operations alert's notifications (email, outgoing webhook).</summary>
public sealed record OperationsAlert(string Rule, string Status, string Message, DateTimeOffset At)
{
    /// <summary>One line for chat: the Slack-compatible <c>text</c>.</summary>
    public string Text => Status == "resolved" ? $"RESOLVED {Rule}: {Message}" : $"ALERT {Rule}: {Message}";
}
