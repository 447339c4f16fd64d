using System.Globalization;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Converts between decimal amounts in major units and long amounts in ISO 4217 minor units.</summary>
/// <remarks>
/// Hand-written because .NET has no ISO 4217 exponent table (RegionInfo/NumberFormatInfo give a culture's
/// display digits, not the currency's). Every currency not listed has exponent 2.
/// </remarks>
public static class CurrencyMinorUnits
{
    private static readonly Dictionary<string, int> NonDefaultExponents = new(StringComparer.Ordinal)
    {
        // ISO 4217 exponent 0.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        // ISO 4217 exponent 3.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        // ISO 4217 exponent 4.
        ["CLF"] = 4, ["UYW"] = 4,
    };

    /// <summary>The number of decimal places of <paramref name="currency"/> (upper-case ISO code).</summary>
    public static int Exponent(string currency) =>
        NonDefaultExponents.TryGetValue(currency, out var exponent) ? exponent : 2;

    /// <summary>True for a three-letter upper-case code.</summary>
    public static bool IsCurrencyCode(string? value) =>
        value is { Length: 3 } && value.All(c => c is >= 'A' and <= 'Z');

    /// <summary>
    /// Converts a major-unit amount to minor units. Fails (rather than rounds) when the amount has more
    /// decimals than the currency allows, is negative, or overflows.
    /// </summary>
    public static bool TryToMinor(decimal amount, string currency, out long minor)
    {
        minor = 0;
        if (amount < 0)
        {
            return false;
        }

        var factor = Pow10(Exponent(currency));
        // Compared before multiplying: near decimal.MaxValue the product itself would overflow.
        if (amount > long.MaxValue / factor)
        {
            return false;
        }

        var scaled = amount * factor;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }

    /// <summary>Parses an invariant decimal string such as <c>"10.50"</c> into minor units.</summary>
    public static bool TryParseToMinor(string? value, string currency, out long minor)
    {
        minor = 0;
        return value is not null
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && TryToMinor(amount, currency, out minor);
    }

    /// <summary>Converts minor units to a major-unit decimal (e.g. 1050 USD → 10.5).</summary>
    public static decimal ToMajor(long minor, string currency) => minor / Pow10(Exponent(currency));

    /// <summary>Formats minor units as the invariant decimal string APIs expect (e.g. 1050 USD → "10.50", 500 JPY → "500").</summary>
    public static string FormatMajor(long minor, string currency) =>
        ToMajor(minor, currency).ToString("F" + Exponent(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
