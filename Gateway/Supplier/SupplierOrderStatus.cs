namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>An order's status once the supplier's value is read through <see cref="SupplierFieldOptions.StatusValues"/>.</summary>
public enum SupplierOrderStatus
{
    /// <summary>Fulfilled: the items carry the codes (or, for a top-up, the confirmation).</summary>
    Completed,

    /// <summary>Accepted, not fulfilled yet: a webhook or a poll will tell.</summary>
    Pending,

    /// <summary>Failed for good: nothing is delivered.</summary>
    Failed,
}
