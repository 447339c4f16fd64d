using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>The verdict of <see cref="SupplierCodeValidator"/>: deliverable items, or why not.</summary>
public sealed record SupplierCodeValidation
{
    private SupplierCodeValidation(IReadOnlyList<SupplierItem> items, string? reason)
    {
        Items = items;
        Reason = reason;
    }

    /// <summary>The items with codes, PINs and serials trimmed, ready to deliver; empty when invalid.</summary>
    public IReadOnlyList<SupplierItem> Items { get; }

    /// <summary>Why the items must not be delivered, or <see langword="null"/> when they may. Never contains a code.</summary>
    public string? Reason { get; }

    /// <summary>Whether the items may be delivered.</summary>
    public bool IsValid => Reason is null;

    internal static SupplierCodeValidation Valid(IReadOnlyList<SupplierItem> items) => new(items, null);

    internal static SupplierCodeValidation Invalid(string reason) => new([], reason);
}
