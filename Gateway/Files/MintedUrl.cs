namespace Orleans.Delivery.Gateway.Files;

/// <summary>A signed file URL and the moment it stops working. Never log <see cref="Url"/> in full.</summary>
public sealed record MintedUrl(Uri Url, DateTimeOffset ExpiresAt);
