namespace Orleans.Delivery.SupplierSimulator;

/// <summary>One unit the simulated supplier sold.</summary>
public sealed record SimulatedCode(string Code, string? Pin, string? Serial, decimal? Denomination);
