namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The contents of an account magic link; <see cref="ExpiresAt"/> null for one that does not expire.</summary>
public sealed record AccountLink(string CustomerId, DateTimeOffset? ExpiresAt);
