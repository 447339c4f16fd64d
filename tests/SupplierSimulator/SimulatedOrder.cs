namespace Orleans.Delivery.SupplierSimulator;

// An order's mutable state inside the simulator; only touched under SimulatedSupplier's lock.
internal sealed class SimulatedOrder
{
    public required string Id { get; init; }
    public required string Reference { get; init; }
    public required string Sku { get; init; }
    public required int Quantity { get; init; }
    public required SupplierBehaviour Behaviour { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<SimulatedCode> Codes { get; init; }
    public string Status { get; set; } = "pending";
    public string? Error { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Polls { get; set; }

    // Pending orders hold their codes back until they complete, as a real supplier has not issued them yet.
    public IReadOnlyList<SimulatedCode> VisibleCodes => Status == "completed" ? Codes : [];

    public SupplierLedgerEntry Snapshot() => new(Id, Reference, Sku, Quantity, Status, VisibleCodes, Error, CreatedAt);
}
