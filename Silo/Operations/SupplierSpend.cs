using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// The typical daily spend at the supplier: the trailing 7-day daily average of the purchases recorded in the
/// <c>supplier-calls</c> stream (what the placements the supplier took cost), per currency.
/// </summary>
public static class SupplierSpend
{
    public const int Days = 7;

    private static readonly ConcurrentDictionary<string, int> Digits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What the last 7 days (7 × 24 hours up to <paramref name="now"/>) bought, divided by 7, in minor units per
    /// currency. A shop younger than a week is averaged over the whole week, which understates its spend.
    /// </summary>
    public static async Task<IReadOnlyList<MoneyTotal>> TypicalDailyAsync(IOperationsStore store, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await store.SupplierPurchasesAsync(OperationsStreams.SupplierCalls, now - TimeSpan.FromDays(Days), cancellationToken))
            .Select(t => t with { AmountMinor = t.AmountMinor / Days })
            .ToList();

    /// <summary>The amount of <paramref name="currency"/> in <paramref name="totals"/> in major units (a balance's unit), 0 when absent.</summary>
    public static decimal InMajorUnits(IReadOnlyList<MoneyTotal> totals, string currency) =>
        totals.FirstOrDefault(t => string.Equals(t.Currency, currency, StringComparison.OrdinalIgnoreCase)) is { } total
            ? total.AmountMinor / (decimal)Math.Pow(10, DecimalDigits(currency))
            : 0m;

    /// <summary>
    /// The digits of a currency's minor unit, from the cultures .NET knows (the first region using it), 2 when none
    /// does: .NET has no ISO 4217 table of its own, and this reads the one it carries in its cultures.
    /// </summary>
    public static int DecimalDigits(string currency) => Digits.GetOrAdd(currency, static code =>
    {
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                if (string.Equals(new RegionInfo(culture.Name).ISOCurrencySymbol, code, StringComparison.OrdinalIgnoreCase))
                {
                    return culture.NumberFormat.CurrencyDecimalDigits;
                }
            }
            catch (ArgumentException)
            {
                // A culture with no region of its own.
            }
        }

        return 2;
    });
}
