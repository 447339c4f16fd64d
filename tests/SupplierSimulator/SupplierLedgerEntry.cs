namespace Orleans.Delivery.SupplierSimulator;

/// <summary>One order the simulated supplier created, as it stands now. Two entries with one reference mean the
/// reference was bought twice.</summary>
public sealed record SupplierLedgerEntry(
    string SupplierOrderId,
    string Reference,
    string Sku,
    int Quantity,
    string Status,
    IReadOnlyList<SimulatedCode> Items,
    string? Error,
    DateTimeOffset CreatedAt);
