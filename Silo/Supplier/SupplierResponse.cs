using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// What a call to the supplier came to. A closed hierarchy: every outcome, failures included, is a value, so the
/// caller decides with one switch and nothing is thrown except on cancellation.
/// </summary>
public abstract record SupplierResponse
{
    private SupplierResponse()
    {
    }

    /// <summary>The order is fulfilled. Check <paramref name="Items"/> with <see cref="SupplierCodeValidator"/>
    /// before delivering: a supplier can answer completed with an empty code.</summary>
    public sealed record Completed(string SupplierOrderId, IReadOnlyList<SupplierItem> Items) : SupplierResponse;

    /// <summary>The order exists and is not fulfilled yet: wait for the webhook, poll as a fallback.</summary>
    public sealed record Pending(string SupplierOrderId) : SupplierResponse;

    /// <summary>The supplier says the order failed (out of stock, insufficient balance…). Nothing to deliver; the
    /// id is absent when the supplier did not send one.</summary>
    public sealed record Failed(string? SupplierOrderId, string Reason) : SupplierResponse;

    /// <summary>A lookup found no such order.</summary>
    public sealed record NotFound : SupplierResponse;

    /// <summary>The supplier refused the request itself (401/403: bad API key; 400/404/422: invalid request).
    /// No order was created and sending the same request again will not help: an operator has to look.</summary>
    public sealed record Rejected(int StatusCode, string Reason) : SupplierResponse;

    /// <summary>The request never left: our circuit breaker is open, or no connection to the supplier could be opened
    /// (connection refused, name not resolved, no route), on every try. The supplier saw nothing and answered nothing,
    /// so nothing was created and nothing was learned: call again later, without counting it as a failed attempt.</summary>
    public sealed record NotSent(string Reason) : SupplierResponse;

    /// <summary>No usable answer from a request that may have reached the supplier: timeout, a network error after
    /// the connection was open, 5xx, 408 or 429 (after the retries allowed).
    /// <paramref name="MayHaveBeenCreated"/> is true when an order placement may have reached the supplier, so the
    /// caller must look the order up by reference before buying again; it is always false for lookups.</summary>
    public sealed record Unreachable(string Reason, bool MayHaveBeenCreated) : SupplierResponse;

    /// <summary>The supplier answered 2xx with a body that cannot be understood. After an order placement the
    /// order may exist: look it up by reference before buying again.</summary>
    public sealed record Malformed(string Reason) : SupplierResponse;

    /// <summary>The reseller account's balance.</summary>
    public sealed record Balance(decimal Amount, string Currency) : SupplierResponse;
}
