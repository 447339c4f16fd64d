using System.Globalization;

namespace Orleans.Delivery.Grains.Operations;

/// <summary>
/// The operations alert rules as pure functions: figures in, for each rule whether its condition holds (null: the
/// figures needed are not available now, so the rule keeps its state) and a message with the figures. Defaults are the
/// code-delivery guide's thresholds.
/// </summary>
public static class AlertRules
{
    public const string SupplierSlow = "supplier-slow";
    public const string OrderFailureRate = "order-failure-rate";
    public const string SupplierBalanceLow = "supplier-balance-low";
    public const string PaidUndelivered = "paid-undelivered";
    public const string WebhookFailures = "webhook-failures";

    public static IReadOnlyList<RuleCheck> Check(AlertFigures f, AlertThresholds t, DateTimeOffset now) =>
    [
        new(
            SupplierSlow,
            f.SupplierCalls == 0 ? false : f.SupplierAverage > t.SupplierSlowAverage,
            $"supplier API average response {Ms(f.SupplierAverage)} over the last {Span(t.SupplierWindow)} ({f.SupplierCalls} call(s)); threshold {Ms(t.SupplierSlowAverage)}"),
        new(
            OrderFailureRate,
            f.Delivered + f.Failed < Math.Max(1, t.FailureMinOrders) ? false : Rate(f) > t.FailureRate,
            $"order failure rate {Percent(Rate(f))} over the last {Span(t.FailureWindow)} ({f.Failed} failed, {f.Delivered} delivered); threshold {Percent(t.FailureRate)}"),
        new(
            SupplierBalanceLow,
            f.Balance is not { } balance ? null : f.TypicalDailySpend > 0 && balance < f.TypicalDailySpend * t.BalanceShare,
            $"supplier balance {Money(f.Balance)} {f.BalanceCurrency} is below {Percent((double)t.BalanceShare)} of the typical daily spend "
            + $"{Money(f.TypicalDailySpend)} (trailing 7-day daily average of supplier purchases)"),
        new(
            PaidUndelivered,
            f.Undelivered > 0,
            $"{f.Undelivered} paid order(s) undelivered for more than {Span(t.UndeliveredAfter)}"
            + (f.OldestUndeliveredPaidAt is { } oldest ? $"; the oldest paid {Span(now - oldest)} ago" : "")),
        new(
            WebhookFailures,
            f.WebhookFailures > 0,
            $"{f.WebhookFailures} inbound webhook failure(s) in the last {Span(t.WebhookWindow)}" + (f.LastWebhookFailure is { } last ? $"; the last: {last}" : "")),
    ];

    private static double Rate(AlertFigures f) => f.Delivered + f.Failed == 0 ? 0 : (double)f.Failed / (f.Delivered + f.Failed);

    private static string Ms(TimeSpan? span) => span is { } s ? $"{s.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" : "n/a";

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Money(decimal? amount) => amount is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Span(TimeSpan span) => span.TotalHours >= 1 && span.TotalMinutes % 60 == 0
        ? $"{span.TotalHours.ToString("0", CultureInfo.InvariantCulture)} h"
        : span.TotalMinutes >= 1 ? $"{Math.Floor(span.TotalMinutes).ToString("0", CultureInfo.InvariantCulture)} min"
        : $"{Math.Floor(span.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} s";
}

/// <summary>One rule's verdict: <paramref name="Firing"/> null when the figures it needs are not available now.</summary>
public sealed record RuleCheck(string Rule, bool? Firing, string Message);

/// <summary>
/// What the rules look at, gathered from the operations tables and the last supplier balance read, live orders only.
/// <paramref name="TypicalDailySpend"/> is the trailing 7-day daily average of the supplier purchases recorded, in the
/// balance's currency (major units).
/// </summary>
public sealed record AlertFigures(
    TimeSpan? SupplierAverage,
    int SupplierCalls,
    int Delivered,
    int Failed,
    decimal? Balance,
    string? BalanceCurrency,
    decimal TypicalDailySpend,
    int Undelivered,
    DateTimeOffset? OldestUndeliveredPaidAt,
    int WebhookFailures,
    string? LastWebhookFailure);

/// <summary>The rules' thresholds and windows; defaults from the code-delivery guide. Bound from <c>Alerts:Rules</c>.</summary>
public sealed record AlertThresholds
{
    /// <summary>How often the rules are evaluated (a reminder, so at least a minute). Default: 1 minute.</summary>
    public TimeSpan EvaluateEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Supplier API average response time above which the supplier is slow. Default: 3 seconds.</summary>
    public TimeSpan SupplierSlowAverage { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The window the supplier's average response time is taken over. Default: 5 minutes.</summary>
    public TimeSpan SupplierWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Share of orders failed (of those delivered or failed) above which operators are alerted. Default: 0.02.</summary>
    public double FailureRate { get; init; } = 0.02;

    /// <summary>The window of the failure rate. Default: 30 minutes.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Fewest finished orders in the window for the failure rate to count. Default: 1.</summary>
    public int FailureMinOrders { get; init; } = 1;

    /// <summary>Share of the typical daily spend under which the supplier balance is low. Default: 0.2.</summary>
    public decimal BalanceShare { get; init; } = 0.2m;

    /// <summary>How long a paid order may stay undelivered. Default: 10 minutes.</summary>
    public TimeSpan UndeliveredAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The window in which any inbound webhook failure alerts. Default: 1 hour.</summary>
    public TimeSpan WebhookWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How old the last supplier balance read may be for the balance rule to judge by it; older, the rule keeps its
    /// state until a read answers. Default: 15 minutes.
    /// </summary>
    public TimeSpan BalanceMaxAge { get; init; } = TimeSpan.FromMinutes(15);
}
