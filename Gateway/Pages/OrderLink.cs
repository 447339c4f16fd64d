namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The contents of an order page link; <see cref="ExpiresAt"/> null for one that does not expire.</summary>
public sealed record OrderLink(string OrderId, DateTimeOffset? ExpiresAt);
