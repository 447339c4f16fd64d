using Orleans.Delivery.Grains;
using Orleans.Delivery.Grains.Orders;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Maps what the supplier client saw to what the order is told (<see cref="SupplierResult"/>). The one rule that
/// matters: whenever an order may exist at the supplier and we do not know its state, the answer carries
/// <c>MayHaveBeenCreated</c> (<see cref="SupplierResult.Unreachable"/> when no answer came,
/// <see cref="SupplierResult.Unreadable"/> when one came that we cannot read), so the next attempt looks it up
/// instead of buying again. A request that never left (<see cref="SupplierResponse.NotSent"/>) becomes
/// <see cref="SupplierResult.Postponed"/>, which spends no attempt.
/// </summary>
public static class SupplierAnswers
{
    /// <summary>The answer to <c>POST /orders</c>.</summary>
    public static SupplierResult FromPlacement(SupplierResponse response, int quantity) => response switch
    {
        SupplierResponse.Completed c => Completed(c, quantity),
        SupplierResponse.Pending p => new SupplierResult.Pending(p.SupplierOrderId),
        SupplierResponse.Failed f => new SupplierResult.Failed(f.Reason),
        SupplierResponse.NotSent n => new SupplierResult.Postponed(n.Reason),
        SupplierResponse.Unreachable u => new SupplierResult.Unreachable(u.Reason, u.MayHaveBeenCreated),

        // A 2xx we cannot read: the order was most likely created, and charged for.
        SupplierResponse.Malformed m => new SupplierResult.Unreadable(m.Reason, MayHaveBeenCreated: true),

        // The supplier refused the request itself (API key, unknown SKU): nothing was bought, and the customer is not
        // at fault. Reported as unreachable rather than failed, so the order is retried and then reviewed by an
        // operator (who can fix the configuration) instead of being refunded outright.
        SupplierResponse.Rejected r => new SupplierResult.Unreachable(r.Reason, MayHaveBeenCreated: false),
        _ => throw new InvalidOperationException($"A supplier order placement cannot answer {response.GetType().Name}."),
    };

    /// <summary>
    /// The answer to <c>GET /orders?reference=</c> made because an earlier placement may have bought; null when the
    /// supplier holds no order under the reference, so it is safe to place one. <paramref name="orderLooksFirst"/> is
    /// false when the order did not ask for the lookup and the runner made it because this same call was dispatched
    /// before (a silo died mid-call, or its answer was not recorded), which the order does not know about.
    /// </summary>
    public static SupplierResult? FromLookup(SupplierResponse response, int quantity, bool orderLooksFirst) => response switch
    {
        SupplierResponse.NotFound => null,
        SupplierResponse.Completed c => Completed(c, quantity),
        SupplierResponse.Pending p => new SupplierResult.Pending(p.SupplierOrderId),
        SupplierResponse.Failed f => new SupplierResult.Failed(f.Reason),

        // A lookup that never left spends no attempt when the order asked for it: the order keeps its own record
        // that it must look first. After a redispatch only this call knows that its first dispatch may have reached
        // the supplier: that attempt is spent, and the order is told to look first from now on.
        SupplierResponse.NotSent n when !orderLooksFirst =>
            new SupplierResult.Unreachable($"lookup by reference after a repeated call: {n.Reason}", MayHaveBeenCreated: true),
        SupplierResponse.NotSent n => new SupplierResult.Postponed($"lookup by reference: {n.Reason}"),

        // Still unknown whether the earlier placement bought: the next attempt must look again.
        SupplierResponse.Unreachable u => new SupplierResult.Unreachable($"lookup by reference: {u.Reason}", MayHaveBeenCreated: true),
        SupplierResponse.Malformed m => new SupplierResult.Unreadable($"lookup by reference: {m.Reason}", MayHaveBeenCreated: true),
        SupplierResponse.Rejected r => new SupplierResult.Unreachable($"lookup by reference: {r.Reason}", MayHaveBeenCreated: true),
        _ => throw new InvalidOperationException($"A supplier lookup cannot answer {response.GetType().Name}."),
    };

    /// <summary>The answer to <c>GET /orders/{id}</c>, polling a pending order. A poll never buys anything.</summary>
    public static SupplierResult FromPoll(SupplierResponse response, string supplierOrderId, int quantity) => response switch
    {
        SupplierResponse.Completed c => Completed(c, quantity),
        SupplierResponse.Pending p => new SupplierResult.Pending(p.SupplierOrderId),
        SupplierResponse.Failed f => new SupplierResult.Failed(f.Reason),
        SupplierResponse.NotFound => new SupplierResult.Unreachable($"the supplier does not know order {supplierOrderId}", MayHaveBeenCreated: false),
        SupplierResponse.NotSent n => new SupplierResult.Postponed(n.Reason),
        SupplierResponse.Unreachable u => new SupplierResult.Unreachable(u.Reason, MayHaveBeenCreated: false),
        SupplierResponse.Malformed m => new SupplierResult.Unreadable(m.Reason, MayHaveBeenCreated: false),
        SupplierResponse.Rejected r => new SupplierResult.Unreachable(r.Reason, MayHaveBeenCreated: false),
        _ => throw new InvalidOperationException($"A supplier order lookup cannot answer {response.GetType().Name}."),
    };

    /// <summary>A short description for logs: the result's kind, never its codes.</summary>
    public static string Describe(SupplierResult result) => result switch
    {
        SupplierResult.Completed c => $"completed ({c.Items.Count} code(s), supplier order {c.SupplierOrderId})",
        SupplierResult.Pending p => $"pending (supplier order {p.SupplierOrderId})",
        SupplierResult.Failed f => $"failed: {f.Reason}",
        SupplierResult.Unreachable u => $"unreachable: {u.Reason} (may have been created: {u.MayHaveBeenCreated})",
        SupplierResult.Postponed p => $"postponed, not sent: {p.Reason}",
        SupplierResult.Unreadable u => $"unreadable answer: {u.Reason} (may have been created: {u.MayHaveBeenCreated})",
        _ => result.GetType().Name,
    };

    // A completed order whose codes cannot be handed to a customer (empty, repeated, too few) is a failed order: the
    // customer is refunded and an operator alerted. Whether a PIN is needed, and whether a confirmation may stand in
    // for a code, is the product's business, checked by the order itself.
    private static SupplierResult Completed(SupplierResponse.Completed completed, int quantity)
    {
        var validation = SupplierCodeValidator.Validate(completed.Items, quantity, pinRequired: false);
        return validation.IsValid
            ? new SupplierResult.Completed(completed.SupplierOrderId, validation.Items.Select(CodeItem.From).ToEquatableArray())
            : new SupplierResult.Failed($"unusable codes from the supplier: {validation.Reason}");
    }
}
