namespace Orleans.Delivery.Grains.Customers;

/// <summary>A download link handed out: when, for which order and entitlement, and to which client address.</summary>
public sealed record MintRecord(DateTimeOffset At, string OrderId, string EntitlementId, string ClientAddress);
