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

    /// <summary>Every supplier call of a live order: its latency and outcome (the supplier response-time rule).</summary>
    public const string SupplierCalls = "supplier-calls";

    /// <summary>Every live order that reached the buyer or failed (the order failure-rate rule).</summary>
    public const string OrderOutcomes = "order-outcomes";

    /// <summary>Inbound webhooks refused for their signature or failed in processing (the webhook failure rule).</summary>
    public const string WebhookFailures = "webhook-failures";

    /// <summary>Each silo's supplier circuit breaker opening, half-opening and closing (the supplier health page).</summary>
    public const string SupplierCircuit = "supplier-circuit";

    /// <summary>Index of orders waiting for an operator, valued with the reason.</summary>
    public const string NeedsReview = "orders-needing-review";
}

/// <summary>
/// An entry of the <c>alerts</c> stream. <paramref name="Kind"/> is a stable kebab-case name. An order's alert names
/// its order; an operations rule's alert has an empty <paramref name="OrderId"/> and a <paramref name="Status"/>:
/// <c>firing</c> when its condition started, <c>resolved</c> when it cleared.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.AlertRecord")]
public sealed record AlertRecord(string Kind, string OrderId, string Message, DateTimeOffset At, string? Status = null);

/// <summary>
/// An entry of the <c>supplier-calls</c> stream: one call to the supplier by a live order. A placement (or a look-up
/// of one) carries what it buys, <paramref name="AmountMinor"/> in <paramref name="Currency"/>: the order line's price
/// for the units bought, as the supplier's answers carry no price of their own; null on polls and on entries written
/// before amounts were recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierCallRecord")]
public sealed record SupplierCallRecord(string Operation, string Outcome, double LatencyMs, DateTimeOffset At, long? AmountMinor = null, string? Currency = null);

/// <summary>
/// An entry of the <c>supplier-circuit</c> stream (grain key: the silo): its supplier circuit breaker went
/// <paramref name="State"/> (<c>open</c>, <c>half-open</c>, <c>closed</c>) at <paramref name="At"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.SupplierCircuitRecord")]
public sealed record SupplierCircuitRecord(string Silo, string State, DateTimeOffset At, string? Reason = null);

/// <summary>An entry of the <c>order-outcomes</c> stream: a live order <c>delivered</c>, or <c>failed</c> (review or refund) with the reason.</summary>
[GenerateSerializer, Immutable, Alias("delivery.OrderOutcomeRecord")]
public sealed record OrderOutcomeRecord(string Outcome, string? Reason, DateTimeOffset At);

/// <summary>An entry of the <c>webhook-failures</c> stream: an inbound webhook refused or failed, and how it was answered.</summary>
[GenerateSerializer, Immutable, Alias("delivery.WebhookFailureRecord")]
public sealed record WebhookFailureRecord(string Source, int Status, string Reason, DateTimeOffset At);

/// <summary>
/// An entry of the <c>deliveries</c> stream: what reached whom, how and when — the evidence for a payment dispute. Never
/// a whole code: <paramref name="Items"/> shows each delivered item masked to its last 4 characters (a file by its
/// name). <paramref name="MessageId"/> is the email's Message-ID when it was an email. Entries written before the
/// customer's email, products, items and message id were recorded have them null.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery.DeliveryLogRecord")]
public sealed record DeliveryLogRecord(
    string OrderId,
    string CustomerId,
    string Kind,
    string Channel,
    string Detail,
    DateTimeOffset At,
    string? CustomerEmail = null,
    IReadOnlyList<string>? Products = null,
    IReadOnlyList<string>? Items = null,
    string? MessageId = null);

/// <summary>An entry of the <c>downloads</c> stream: one counted download link. <paramref name="Left"/> null means unlimited.</summary>
[GenerateSerializer, Immutable, Alias("delivery.DownloadRecord")]
public sealed record DownloadRecord(string CustomerId, string OrderId, string EntitlementId, string ClientAddress, int Used, int? Left, DateTimeOffset At);
