namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// Proof of a delivery for support questions ("I never got my code"); the detail never contains codes.
/// <see cref="LineNos"/> are the lines it delivered and <see cref="Step"/> the email's step, when it was an email
/// (entries written before they were recorded have neither).
/// </summary>
public sealed record DeliveryLogEntry(
    DateTimeOffset At, DeliveryLogKind Kind, DeliveryChannel Channel, string Detail, EquatableArray<int> LineNos = default, string? Step = null);
