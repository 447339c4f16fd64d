namespace Orleans.Delivery.SupplierSimulator;

/// <summary>One attempt to deliver a webhook: the callback's status code, or the error that stopped it.</summary>
public sealed record WebhookDelivery(
    string EventId,
    string SupplierOrderId,
    string Reference,
    string Status,
    int Attempt,
    int? StatusCode,
    string? Error,
    DateTimeOffset At)
{
    /// <summary>Whether the callback accepted it with a 2xx.</summary>
    public bool Delivered => StatusCode is >= 200 and < 300;
}
