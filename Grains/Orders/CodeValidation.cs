using Orleans.Delivery.Grains.Catalog;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>Codes are checked before anyone sees them: an empty code is a failure, never a delivery.</summary>
public static class CodeValidation
{
    /// <summary>Trims codes and PINs; a blank PIN becomes null.</summary>
    public static EquatableArray<CodeItem> Normalize(EquatableArray<CodeItem> items) =>
        items.Select(i => new CodeItem(i.Code?.Trim() ?? "", string.IsNullOrWhiteSpace(i.Pin) ? null : i.Pin.Trim())).ToEquatableArray();

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

        if (product.RequiresPin && items.Any(i => string.IsNullOrWhiteSpace(i.Pin)))
        {
            return "a PIN is missing";
        }

        return null;
    }
}
