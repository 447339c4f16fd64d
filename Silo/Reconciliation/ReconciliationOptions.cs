using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Silo.Reconciliation;

/// <summary>The reconciliation sweep; bound from <c>Operations:Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Operations:Reconciliation";

    /// <summary>How often the sweep runs (a reminder, so at least a minute). Default: 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an order must have waited for its payment before the providers are asked. Default: 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Orders created longer ago than this are left alone: an abandoned checkout. Default: 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most orders one sweep asks. Default: 500.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}
