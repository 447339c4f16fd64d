namespace Orleans.Delivery.Grains.Orders;

/// <summary>A reminder the order has asked for; a wake-up for a name not listed here is stale.</summary>
public sealed record ScheduledWake(string Name, DateTimeOffset DueAt);
