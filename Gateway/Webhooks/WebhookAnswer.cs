namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>What the gateway answers a sender whose webhook it accepted.</summary>
/// <param name="Outcome"><c>recorded</c>, <c>duplicate</c>, <c>ignored</c> (a type we do not act on) or <c>kept_for_inspection</c>.</param>
public sealed record WebhookAnswer(bool Received, string Outcome, string? OrderStatus = null, string? Reason = null);
