namespace Orleans.Delivery.Grains.Orders;

/// <summary>Who bought the order and where deliveries go.</summary>
public sealed record CustomerInfo(string CustomerId, string Email, string? Name = null);
