using System.Globalization;
using Orleans.Delivery.Gateway.Webhooks;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>How the console writes amounts, times and durations.</summary>
public static class ConsoleFormat
{
    public static string Money(long minor, string currency)
    {
        var exponent = CurrencyMinorUnits.Exponent(currency);
        var major = minor / (decimal)Math.Pow(10, exponent);
        return major.ToString("N" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency;
    }

    /// <summary>The price as the product form's field holds it (no thousands separators).</summary>
    public static string Price(long minor, string currency)
    {
        var exponent = CurrencyMinorUnits.IsCurrencyCode(currency) ? CurrencyMinorUnits.Exponent(currency) : 2;
        return (minor / (decimal)Math.Pow(10, exponent)).ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "—";

    /// <summary>Seconds from payment to the delivery email, with one decimal; null until both happened.</summary>
    public static string? PaymentToEmail(OrderView order) =>
        order is { PaidAt: { } paid, DeliveredAt: { } delivered }
            ? Math.Max(0, (delivered - paid).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : null;

    public static string Status(string status) => status.Replace('_', ' ');

    public static string Kind(FulfillmentKind kind) => kind switch
    {
        FulfillmentKind.File => "File download",
        FulfillmentKind.SupplierCode => "Supplier code",
        _ => "Merchant webhook",
    };
}

/// <summary>One line of an order's timeline: a transition, a payment event or a delivery, in time order.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string What, string Detail)
{
    public static IReadOnlyList<TimelineEntry> Of(OrderView order) =>
        order.History.Select(h => new TimelineEntry(h.At, h.From == h.To ? ConsoleFormat.Status(h.To) : $"{ConsoleFormat.Status(h.From)} → {ConsoleFormat.Status(h.To)}", h.Cause))
            .Concat(order.Payments.Select(p => new TimelineEntry(
                p.At, $"payment {p.Outcome}", $"{p.Provider} {p.EventId}" + (p.AmountMinor is { } amount && p.Currency is { } currency ? $", {ConsoleFormat.Money(amount, currency.ToUpperInvariant())}" : ""))))
            .Concat(order.Deliveries.Select(d => new TimelineEntry(d.At, $"{d.Kind} by {d.Channel.Replace('_', ' ')}", d.Detail)))
            .Select((entry, index) => (entry, index))
            .OrderBy(e => e.entry.At).ThenBy(e => e.index)
            .Select(e => e.entry)
            .ToList();
}
