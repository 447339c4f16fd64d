namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>The names of the cross-grain streams and indexes operators read.</summary>
public static class OperationsStreams
{
    /// <summary>Every delivery and resend: time, order, customer, channel. Never a code.</summary>
    public const string Deliveries = "deliveries";

    /// <summary>Operator alerts raised by grains (payment mismatch, supplier failures, pending timeouts…).</summary>
    public const string Alerts = "alerts";

    /// <summary>Verified webhooks that matched no order.</summary>
    public const string UnmatchedWebhooks = "unmatched-webhooks";

    /// <summary>Every minted download link: time, customer, order, entitlement, client address.</summary>
    public const string Downloads = "downloads";

    /// <summary>Index of orders waiting for an operator, valued with the reason.</summary>
    public const string NeedsReview = "orders-needing-review";
}
