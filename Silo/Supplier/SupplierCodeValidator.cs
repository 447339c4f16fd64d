using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Supplier;

/// <summary>
/// Decides whether the items of a completed supplier order can be handed to a customer. Pure: no I/O, no clock.
/// </summary>
public static class SupplierCodeValidator
{
    /// <summary>Checks that there are exactly <paramref name="expectedQuantity"/> items, each with a code that is
    /// not blank once trimmed (or, instead, a top-up's delivery confirmation), no code twice, and a PIN wherever
    /// <paramref name="pinRequired"/> and there is a code.</summary>
    /// <param name="items">The items from <see cref="SupplierResponse.Completed"/> or a webhook.</param>
    /// <param name="expectedQuantity">The quantity that was ordered.</param>
    /// <param name="pinRequired">Whether the product is unusable without its PIN.</param>
    public static SupplierCodeValidation Validate(IReadOnlyList<SupplierItem> items, int expectedQuantity, bool pinRequired)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count != expectedQuantity)
        {
            return SupplierCodeValidation.Invalid($"expected {expectedQuantity} item(s), the supplier sent {items.Count}");
        }

        var trimmed = new List<SupplierItem>(items.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var code = item.Code?.Trim() ?? "";
            var confirmation = string.IsNullOrWhiteSpace(item.Confirmation) ? null : item.Confirmation.Trim();
            var instructions = string.IsNullOrWhiteSpace(item.Instructions) ? null : item.Instructions.Trim();
            var serial = string.IsNullOrWhiteSpace(item.Serial) ? null : item.Serial.Trim();
            if (code.Length == 0)
            {
                // A top-up may be confirmed instead of coded; whether this product may be is for the order to say.
                if (confirmation is null)
                {
                    return SupplierCodeValidation.Invalid($"item {i + 1} has an empty code");
                }

                trimmed.Add(item with { Code = "", Pin = null, Serial = serial, Instructions = instructions, Confirmation = confirmation });
                continue;
            }

            var pin = string.IsNullOrWhiteSpace(item.Pin) ? null : item.Pin.Trim();
            if (pinRequired && pin is null)
            {
                return SupplierCodeValidation.Invalid($"item {i + 1} has no PIN, and the product needs one");
            }

            // Two customers must never receive one code; a supplier repeating a code is a supplier fault.
            if (!seen.TryAdd(code, i + 1))
            {
                return SupplierCodeValidation.Invalid($"items {seen[code]} and {i + 1} carry the same code");
            }

            trimmed.Add(item with { Code = code, Pin = pin, Serial = serial, Instructions = instructions, Confirmation = confirmation });
        }

        return SupplierCodeValidation.Valid(trimmed);
    }
}
