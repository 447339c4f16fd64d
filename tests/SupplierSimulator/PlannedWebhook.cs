namespace Orleans.Delivery.SupplierSimulator;

// One webhook to send; a duplicate shares its event id (and its body), a stale one reports a status already passed.
internal sealed record PlannedWebhook(string OrderId, string EventId, string Status);
