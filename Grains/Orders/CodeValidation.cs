using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Codes are checked before anyone sees them: an empty code is a failure, never a delivery.</summary>
public static class CodeValidation
{
    /// <summary>Trims codes, PINs and instructions; a blank PIN or blank instructions become null.</summary>
    public static EquatableArray<CodeItem> Normalize(EquatableArray<CodeItem> items) =>
        items.Select(i => i with
        {
            Code = i.Code?.Trim() ?? "",
            Pin = string.IsNullOrWhiteSpace(i.Pin) ? null : i.Pin.Trim(),
            Instructions = string.IsNullOrWhiteSpace(i.Instructions) ? null : i.Instructions.Trim(),
        }).ToEquatableArray();

    /// <summary>Null when the codes can be delivered for this line; otherwise why not.</summary>
    public static string? Problem(EquatableArray<CodeItem> items, int quantity, ProductSnapshot product)
    {
        if (items.Count != quantity)
        {
            return $"expected {quantity} code(s), got {items.Count}";
        }

        if (items.Any(i => string.IsNullOrWhiteSpace(i.Code)))
        {
            return "a code is empty";
        }

        // Only a top-up is delivered by the supplier's word that it is done; anything else needs its code.
        if (!product.TopUp && items.Any(i => i.Confirmation))
        {
            return "a delivery confirmation came instead of a code, and the product is not a top-up";
        }

        if (product.RequiresPin && items.Any(i => !i.Confirmation && string.IsNullOrWhiteSpace(i.Pin)))
        {
            return "a PIN is missing";
        }

        return null;
    }
}
