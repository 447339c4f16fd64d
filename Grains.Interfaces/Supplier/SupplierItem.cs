namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// One unit bought from a code supplier (a gift card, game key or top-up), as the supplier returned it in an order
/// answer or a webhook. The code, PIN and confirmation are secrets: never log them.
/// </summary>
/// <param name="Code">The redeemable code; empty when the supplier sent none (a top-up may send a
/// <paramref name="Confirmation"/> instead). May be padded when the supplier misbehaves: check it with the supplier
/// code validator before delivering.</param>
/// <param name="Pin">The PIN that goes with the code, or <see langword="null"/> when the product has none.</param>
/// <param name="Serial">The supplier's serial number for the unit, if it sends one.</param>
/// <param name="Denomination">The face value of the unit, if the supplier sends one.</param>
/// <param name="Instructions">How to redeem the unit, if the supplier says; delivered with it.</param>
/// <param name="Confirmation">A top-up's delivery confirmation, sent instead of a code; delivered as the unit's text.</param>
[GenerateSerializer, Immutable, Alias("delivery.SupplierItem")]
public sealed record SupplierItem(
    string Code,
    string? Pin,
    string? Serial,
    decimal? Denomination,
    string? Instructions = null,
    string? Confirmation = null)
{
    /// <summary>Describes the item without its code, PIN or confirmation, so that logging the record cannot leak them.</summary>
    /// <returns>The item with its secrets masked.</returns>
    public override string ToString() =>
        $"SupplierItem {{ Code = {Mask(Code)}, Pin = {Mask(Pin)}, Serial = {Serial}, Denomination = {Denomination}, Confirmation = {Mask(Confirmation)} }}";

    private static string Mask(string? secret) => secret switch
    {
        null => "null",
        "" => "(empty)",
        _ => "***",
    };
}
