namespace Orleans.Delivery.SupplierSimulator;

/// <summary>One unit the simulated supplier sold: a code (with its PIN and instructions), or, for a top-up, a
/// delivery confirmation and an empty code.</summary>
public sealed record SimulatedCode(string Code, string? Pin, string? Instructions, string? Confirmation = null)
{
    /// <summary>The instructions every code is sold with.</summary>
    public const string RedeemInstructions = "Redeem at store.example.com";
}
