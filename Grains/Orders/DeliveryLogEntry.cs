namespace Orleans.Delivery.Grains.Orders;

/// <summary>Proof of a delivery for support questions ("I never got my code"); the detail never contains codes.</summary>
public sealed record DeliveryLogEntry(DateTimeOffset At, DeliveryLogKind Kind, DeliveryChannel Channel, string Detail);
