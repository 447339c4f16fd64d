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

    /// <summary>An amount in minor units that may have a fraction (an average), in major units with the currency.</summary>
    public static string Money(decimal minor, string currency)
    {
        var code = currency.ToUpperInvariant();
        var exponent = CurrencyMinorUnits.IsCurrencyCode(code) ? CurrencyMinorUnits.Exponent(code) : 2;
        var major = Math.Round(minor / (decimal)Math.Pow(10, exponent), exponent, MidpointRounding.AwayFromZero);
        return major.ToString("N" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + code;
    }

    /// <summary>A latency in whole milliseconds, or a dash when there is none.</summary>
    public static string Ms(double? ms) => ms is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) + " ms" : "—";

    /// <summary>A share as a percentage with at most one decimal, or a dash when there is none.</summary>
    public static string Percent(double? share) => share is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>How long ago, roughly: seconds under a minute, minutes under an hour, then hours and minutes.</summary>
    public static string Age(TimeSpan age) =>
        age < TimeSpan.Zero ? "just now"
        : age.TotalMinutes < 1 ? $"{(int)age.TotalSeconds} s ago"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
        : age.TotalDays < 2 ? $"{(int)age.TotalHours} h {age.Minutes} min ago"
        : $"{(int)age.TotalDays} days ago";

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
