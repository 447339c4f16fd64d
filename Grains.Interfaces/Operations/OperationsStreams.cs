namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>The names of the cross-grain streams and indexes operators read.</summary>
public static class OperationsStreams
{
    /// <summary>Every delivery and resend: time, order, customer, channel. Never a code.</summary>
    public const string Deliveries = "deliveries";

    /// <summary>Operator alerts raised by grains (payment mismatch, supplier failures, pending timeouts, orders still undelivered after their deadline…).</summary>
    public const string Alerts = "alerts";

    /// <summary>Verified webhooks that matched no order.</summary>
    public const string UnmatchedWebhooks = "unmatched-webhooks";

    /// <summary>Every minted download link: time, customer, order, entitlement, client address.</summary>
    public const string Downloads = "downloads";

    /// <summary>One row per order (<see cref="OrderListing"/>), kept up to date by the order: the console's order list and the reconciliation sweep's source.</summary>
    public const string Orders = "orders";

    /// <summary>Index of orders waiting for an operator, valued with the reason.</summary>
    public const string NeedsReview = "orders-needing-review";
}

/// <summary>An entry of the <c>alerts</c> stream. <paramref name="Kind"/> is a stable kebab-case name.</summary>
[GenerateSerializer, Immutable, Alias("delivery.AlertRecord")]
public sealed record AlertRecord(string Kind, string OrderId, string Message, DateTimeOffset At);

/// <summary>An entry of the <c>deliveries</c> stream: what reached whom, how and when. Never a code.</summary>
[GenerateSerializer, Immutable, Alias("delivery.DeliveryLogRecord")]
public sealed record DeliveryLogRecord(string OrderId, string CustomerId, string Kind, string Channel, string Detail, DateTimeOffset At);

/// <summary>An entry of the <c>downloads</c> stream: one counted download link. <paramref name="Left"/> null means unlimited.</summary>
[GenerateSerializer, Immutable, Alias("delivery.DownloadRecord")]
public sealed record DownloadRecord(string CustomerId, string OrderId, string EntitlementId, string ClientAddress, int Used, int? Left, DateTimeOffset At);
