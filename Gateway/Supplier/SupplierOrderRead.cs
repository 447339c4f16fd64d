namespace Orleans.Delivery.Gateway.Supplier;

/// <summary>The outcome of reading a supplier's order JSON: the order, or why it cannot be read.</summary>
public sealed record SupplierOrderRead
{
    private SupplierOrderRead(SupplierOrderMessage? order, string? problem)
    {
        Order = order;
        Problem = problem;
    }

    /// <summary>The order, when <see cref="IsValid"/>.</summary>
    public SupplierOrderMessage? Order { get; }

    /// <summary>Why the JSON cannot be read: names fields and positions, never a value from the body.</summary>
    public string? Problem { get; }

    /// <summary>Whether the JSON was read.</summary>
    public bool IsValid => Order is not null;

    internal static SupplierOrderRead Read(SupplierOrderMessage order) => new(order, null);

    internal static SupplierOrderRead Unreadable(string problem) => new(null, problem);
}
