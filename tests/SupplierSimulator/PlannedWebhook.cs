namespace Orleans.Delivery.SupplierSimulator;

// One webhook to send; a duplicate shares its event id, a stale one carries the order's creation time.
internal sealed record PlannedWebhook(string OrderId, string EventId, string Status, DateTimeOffset? OccurredAt);
