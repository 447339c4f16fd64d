namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The contents of a durable download link: one entitlement of one customer. It does not expire.</summary>
public sealed record DownloadLink(string CustomerId, string EntitlementId);
