namespace Orleans.Delivery.Grains.Catalog;

/// <summary>Small money rules shared by the catalog and orders; amounts are always integer minor units.</summary>
public static class Money
{
    public static bool IsCurrencyCode(string? value) =>
        value is { Length: 3 } && value.All(c => c is >= 'A' and <= 'Z');

    /// <summary>For operator-facing text, e.g. <c>2000 USD</c>; minor units keep it exact for any currency.</summary>
    public static string Format(long amountMinor, string currency) => $"{amountMinor} {currency}";
}
