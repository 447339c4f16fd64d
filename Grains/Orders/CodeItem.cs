using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>
/// A code (gift card, top-up, license) and its PIN when the product has one. For a top-up the supplier may send a
/// delivery confirmation instead of a code: then <see cref="Confirmation"/> is set and <see cref="Code"/> holds the
/// confirmation's text, which the buyer receives in place of a code.
/// </summary>
/// <param name="Instructions">How to redeem this item, as the supplier said; delivered with it.</param>
public sealed record CodeItem(string Code, string? Pin = null, string? Instructions = null, bool Confirmation = false)
{
    /// <summary>
    /// The item a supplier unit is delivered as: its code when it has one, else its delivery confirmation, else an
    /// empty code (refused by <see cref="CodeValidation"/>).
    /// </summary>
    public static CodeItem From(SupplierItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var instructions = string.IsNullOrWhiteSpace(item.Instructions) ? null : item.Instructions;
        return string.IsNullOrWhiteSpace(item.Code) && !string.IsNullOrWhiteSpace(item.Confirmation)
            ? new CodeItem(item.Confirmation, null, instructions, Confirmation: true)
            : new CodeItem(item.Code ?? "", item.Pin, instructions);
    }

    // Codes are the goods themselves: whatever prints a record (logs, failed assertions) sees only the last characters.
    public override string ToString() =>
        $"CodeItem {{ Code = {Mask(Code)}, Pin = {(Pin is null ? "none" : "***")}, Confirmation = {Confirmation} }}";

    internal static string Mask(string? secret) =>
        secret is null ? "null" : secret.Length <= 4 ? "***" : "***" + secret[^4..];
}
