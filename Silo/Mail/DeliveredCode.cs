namespace Orleans.Delivery.Silo.Mail;

/// <summary>One code as the supplier delivered it, with its PIN when it has one.</summary>
public sealed record DeliveredCode(string Code, string? Pin = null);
