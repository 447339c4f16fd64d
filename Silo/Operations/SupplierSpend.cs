using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// The typical daily spend at the supplier: the trailing 7-day daily average of the purchases recorded in the
/// <c>supplier-calls</c> stream (what the placements the supplier took cost), per currency.
/// </summary>
public static class SupplierSpend
{
    public const int Days = 7;

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
            ? total.AmountMinor / (decimal)Math.Pow(10, CurrencyMinorUnits.IsCurrencyCode(currency.ToUpperInvariant()) ? CurrencyMinorUnits.Exponent(currency.ToUpperInvariant()) : 2)
            : 0m;
}
