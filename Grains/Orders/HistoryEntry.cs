namespace Orleans.Delivery.Grains.Orders;

/// <summary>One recorded event, as operators read it. The cause never contains codes or secrets.</summary>
public sealed record HistoryEntry(DateTimeOffset At, OrderStatus From, OrderStatus To, string Cause);
