namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// How the supplier is doing, for the console's supplier health page and <c>GET /admin/supplier/health</c>; live
/// orders only, read from the operations tables at <paramref name="At"/>.
/// </summary>
/// <param name="At">When the figures were read (the silo's clock).</param>
/// <param name="LastFiveMinutes">Supplier calls over the last 5 minutes.</param>
/// <param name="LastHour">Supplier calls over the last hour.</param>
/// <param name="Balance">The supplier balance last reported to the alert rules, with its age; null before the first.</param>
/// <param name="TypicalDailySpend">The trailing 7-day daily average of what we bought from the supplier, per currency.</param>
/// <param name="Circuits">The supplier circuit breaker of each silo.</param>
/// <param name="ChartFrom">The first minute of the chart (24 hours before <paramref name="At"/>, whole minutes).</param>
/// <param name="ChartMinutes">How many minutes the chart spans.</param>
/// <param name="Minutes">The chart's minutes with any live order paid or delivered, oldest first; others had none.</param>
[GenerateSerializer, Immutable, Alias("delivery.SupplierHealth")]
public sealed record SupplierHealth(
    DateTimeOffset At,
    SupplierLatency LastFiveMinutes,
    SupplierLatency LastHour,
    SupplierBalanceReading? Balance,
    IReadOnlyList<MoneyTotal> TypicalDailySpend,
    IReadOnlyList<SupplierCircuit> Circuits,
    DateTimeOffset ChartFrom,
    int ChartMinutes,
    IReadOnlyList<MinuteThroughput> Minutes);

/// <summary>
/// Supplier calls of live orders in a window: how many, how many failed (the supplier failed the order, could not be
/// reached or answered unreadably), the average and 95th percentile latency in milliseconds (null without calls).
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierLatency")]
public sealed record SupplierLatency(TimeSpan Window, int Calls, int Failures, double? AverageMs, double? P95Ms)
{
    /// <summary>The share of calls that failed, 0 to 1; null without calls.</summary>
    public double? FailureRate => Calls == 0 ? null : (double)Failures / Calls;
}

/// <summary>
/// The supplier balance as last read: the amount, its currency and when it was read; and the last read that failed,
/// if it came after, with why.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierBalanceReading")]
public sealed record SupplierBalanceReading(decimal? Amount, string? Currency, DateTimeOffset? ReadAt, string? Problem, DateTimeOffset? ProblemAt);

/// <summary>An amount in a currency's minor unit (cents).</summary>
[GenerateSerializer, Immutable, Alias("delivery.MoneyTotal")]
public sealed record MoneyTotal(string Currency, decimal AmountMinor);

/// <summary>
/// One silo's supplier circuit breaker: its last recorded state (<c>open</c>, <c>half-open</c>, <c>closed</c>) and since
/// when; <c>closed</c> with no time when it recorded no change in the last day. <paramref name="Active"/> is false for a
/// silo no longer in the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierCircuit")]
public sealed record SupplierCircuit(string Silo, string State, DateTimeOffset? Since, bool Active);

/// <summary>Live orders paid and delivered in one minute (starting at <paramref name="Minute"/>).</summary>
[GenerateSerializer, Immutable, Alias("delivery.MinuteThroughput")]
public sealed record MinuteThroughput(DateTimeOffset Minute, int Paid, int Delivered);
