namespace Orleans.Delivery.Silo.Operations;

/// <summary>How often each silo reads the paid-but-undelivered figures it exports (section <c>Metrics</c>).</summary>
public sealed class OrderBacklogOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Time between two reads of the orders table for the paid-but-undelivered gauges; default 30 s. The gauges
    /// answer every scrape from the last read, so a scrape never queries the database.
    /// </summary>
    public TimeSpan PaidUndeliveredRefresh { get; set; } = TimeSpan.FromSeconds(30);
}
