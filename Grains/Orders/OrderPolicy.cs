namespace Orleans.Delivery.Grains.Orders;

/// <summary>Timing and retry rules for fulfillment. Bind from configuration section <c>Orders</c>; validate with <see cref="Validate"/>.</summary>
public sealed record OrderPolicy
{
    public static OrderPolicy Default { get; } = new();

    /// <summary>How often a pending supplier order is polled when its webhook has not arrived. Default: 2 minutes.</summary>
    public TimeSpan PollEvery { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a supplier order may stay pending before the order goes to manual review. Default: 10 minutes.</summary>
    public TimeSpan GiveUpPendingAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attempts at a supplier order or merchant webhook (the first call included) before manual review. Polls never
    /// count. Default: 3.
    /// </summary>
    public int MaxSupplierAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry; it doubles with each further failure. Default: 30 seconds.</summary>
    public TimeSpan RetryBackoffBase { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of the doubled delay, before jitter. Default: 10 minutes.</summary>
    public TimeSpan RetryBackoffCap { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Upper bound, before jitter, of the wait after a supplier call that never reached the supplier (our circuit was
    /// open, or no connection could be opened). Such a call spends no attempt: the wait starts at
    /// <see cref="RetryBackoffBase"/>, doubles with each postponement in a row and stops growing here, so an order
    /// outlives a supplier outage of any length and goes out soon after the supplier is back. A long outage still
    /// raises the order-undelivered alert after <see cref="AlertUndeliveredAfter"/>. Default: 1 minute.
    /// </summary>
    public TimeSpan MaxPostponeDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Largest jitter, as a fraction of the delay: a command's jitter sample j in [0, 1) adds j × MaxJitter × delay,
    /// so retries of many orders failing together spread out. Default: 0.2.
    /// </summary>
    public double MaxJitter { get; init; } = 0.2;

    /// <summary>
    /// How long after its payment is confirmed an order may stay undelivered (its delivery email not yet accepted by
    /// the mail server, nor its codes shown on the order page) before operators get an <c>order-undelivered</c> alert
    /// (once per order). Default: 10 minutes.
    /// </summary>
    public TimeSpan AlertUndeliveredAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least wait between two payment lookups of the same order by the reconciliation sweep; it doubles with each
    /// lookup. Default: 5 minutes.
    /// </summary>
    public TimeSpan ReconcileBackoffBase { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of the doubled wait between reconciliation lookups. Default: 6 hours.</summary>
    public TimeSpan ReconcileBackoffCap { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The wait after the <paramref name="lookups"/>-th reconciliation lookup of an order.</summary>
    public TimeSpan ReconcileDelay(int lookups) =>
        TimeSpan.FromTicks((long)Math.Min((double)ReconcileBackoffBase.Ticks * Math.Pow(2, Math.Clamp(lookups - 1, 0, 30)), ReconcileBackoffCap.Ticks));

    /// <summary>The wait before the next attempt after <paramref name="failedAttempts"/> failures (1 = first failure).</summary>
    public TimeSpan RetryDelay(int failedAttempts, double jitter) => Backoff(failedAttempts, RetryBackoffCap, jitter);

    /// <summary>The wait after the <paramref name="postponements"/>-th call in a row that never reached the supplier.</summary>
    public TimeSpan PostponeDelay(int postponements, double jitter) => Backoff(postponements, MaxPostponeDelay, jitter);

    private TimeSpan Backoff(int count, TimeSpan cap, double jitter)
    {
        var doublings = Math.Clamp(count - 1, 0, 30);
        var ticks = Math.Min((double)RetryBackoffBase.Ticks * Math.Pow(2, doublings), cap.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (1 + (MaxJitter * (double.IsFinite(jitter) ? Math.Clamp(jitter, 0, 1) : 0)))));
    }

    public EquatableArray<string> Validate()
    {
        var errors = new List<string>();
        if (PollEvery <= TimeSpan.Zero)
        {
            errors.Add("PollEvery must be positive");
        }

        if (GiveUpPendingAfter < PollEvery)
        {
            errors.Add("GiveUpPendingAfter must be at least PollEvery");
        }

        if (MaxSupplierAttempts < 1)
        {
            errors.Add("MaxSupplierAttempts must be at least 1");
        }

        if (RetryBackoffBase <= TimeSpan.Zero || RetryBackoffCap < RetryBackoffBase)
        {
            errors.Add("RetryBackoffBase must be positive and RetryBackoffCap at least RetryBackoffBase");
        }

        if (MaxPostponeDelay <= TimeSpan.Zero)
        {
            errors.Add("MaxPostponeDelay must be positive");
        }

        if (MaxJitter is < 0 or > 1 || double.IsNaN(MaxJitter))
        {
            errors.Add("MaxJitter must be between 0 and 1");
        }

        if (ReconcileBackoffBase <= TimeSpan.Zero || ReconcileBackoffCap < ReconcileBackoffBase)
        {
            errors.Add("ReconcileBackoffBase must be positive and ReconcileBackoffCap at least ReconcileBackoffBase");
        }

        if (AlertUndeliveredAfter <= TimeSpan.Zero)
        {
            errors.Add("AlertUndeliveredAfter must be positive");
        }

        return errors.ToEquatableArray();
    }
}
