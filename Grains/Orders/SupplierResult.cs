using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>What the supplier handler learned from placing or polling a supplier order.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Completed), "completed")]
[JsonDerivedType(typeof(Pending), "pending")]
[JsonDerivedType(typeof(Failed), "failed")]
[JsonDerivedType(typeof(Unreachable), "unreachable")]
[JsonDerivedType(typeof(Unreadable), "unreadable")]
[JsonDerivedType(typeof(Postponed), "postponed")]
public abstract record SupplierResult
{
    public sealed record Completed(string SupplierOrderId, EquatableArray<CodeItem> Items) : SupplierResult;

    /// <summary>The supplier accepted the order and will finish it later (webhook or poll).</summary>
    public sealed record Pending(string SupplierOrderId) : SupplierResult;

    /// <summary>The supplier refused or failed the order for good.</summary>
    public sealed record Failed(string Reason) : SupplierResult;

    /// <summary>
    /// No usable answer (timeout, connection error, 5xx). <see cref="MayHaveBeenCreated"/> is true when the request
    /// may have reached the supplier, so the next attempt must look the order up by reference before buying again.
    /// </summary>
    public sealed record Unreachable(string Reason, bool MayHaveBeenCreated) : SupplierResult;

    /// <summary>
    /// The supplier answered (2xx) with a body that cannot be read: not JSON, an order without its id or status, a
    /// status we do not know. After an order placement the supplier has most likely bought the codes, so
    /// <see cref="MayHaveBeenCreated"/> is true and the next attempt looks the order up by reference; nothing is
    /// bought again until a lookup says no order exists.
    /// </summary>
    public sealed record Unreadable(string Reason, bool MayHaveBeenCreated) : SupplierResult;

    /// <summary>
    /// The request never left: our own circuit breaker refused it, or no connection to the supplier could be opened
    /// (connection refused, name not resolved, no route). The supplier neither saw nor answered anything, so nothing
    /// was bought and nothing was learned: the line waits and tries again without spending an attempt (a snooze, not
    /// a retry). Whether an earlier attempt of the line may have created an order is left as it was.
    /// </summary>
    public sealed record Postponed(string Reason) : SupplierResult;
}
