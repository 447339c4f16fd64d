namespace Orleans.Delivery.Grains.Orders;

/// <summary>A code (gift card, top-up, license) and its PIN when the product has one.</summary>
public sealed record CodeItem(string Code, string? Pin = null)
{
    // Codes are the goods themselves: whatever prints a record (logs, failed assertions) sees only the last characters.
    public override string ToString() =>
        $"CodeItem {{ Code = {Mask(Code)}, Pin = {(Pin is null ? "none" : "***")} }}";

    internal static string Mask(string? secret) =>
        secret is null ? "null" : secret.Length <= 4 ? "***" : "***" + secret[^4..];
}
