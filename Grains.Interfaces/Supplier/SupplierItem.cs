namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// One unit bought from a code supplier (a gift card, game key or top-up confirmation), as the supplier
/// returned it in an order answer or a webhook. The code is a secret: never log it.
/// </summary>
/// <param name="Code">The redeemable code. May be empty or padded when the supplier misbehaves: check it with the
/// supplier code validator before delivering.</param>
/// <param name="Pin">The PIN that goes with the code, or <see langword="null"/> when the product has none.</param>
/// <param name="Serial">The supplier's serial number for the unit, if it sends one.</param>
/// <param name="Denomination">The face value of the unit, if the supplier sends one.</param>
public sealed record SupplierItem(string Code, string? Pin, string? Serial, decimal? Denomination)
{
    /// <summary>Describes the item without its code or PIN, so that logging the record cannot leak them.</summary>
    /// <returns>The item with its secrets masked.</returns>
    public override string ToString() =>
        $"SupplierItem {{ Code = {Mask(Code)}, Pin = {Mask(Pin)}, Serial = {Serial}, Denomination = {Denomination} }}";

    private static string Mask(string? secret) => secret switch
    {
        null => "null",
        "" => "(empty)",
        _ => "***",
    };
}
