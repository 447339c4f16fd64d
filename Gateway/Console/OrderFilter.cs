using System.Globalization;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>The orders page's filters as the form sends them (query string), and their check.</summary>
public sealed record OrderFilter(string? Status, string? From, string? To, string? Email, string? Product, string? Test, string? Before)
{
    public const int PageSize = 25;

    /// <summary>The statuses an order can have, as the API spells them.</summary>
    public static IReadOnlyList<string> Statuses => OrderListItem.Statuses;

    /// <summary>The listing query, or the first thing wrong with the filters.</summary>
    public (OrderQuery? Query, string? Error) ToQuery()
    {
        var status = Blank(Status);
        if (status is not null && !Statuses.Contains(status))
        {
            return (null, "Unknown status.");
        }

        if (!TryDate(From, out var from) || !TryDate(To, out var to))
        {
            return (null, "Dates are written yyyy-mm-dd.");
        }

        var email = Blank(Email);
        if (email is not null && FreeText.Check(email, "email", 254) is not null)
        {
            return (null, "The email filter must be plain text of at most 254 characters.");
        }

        var product = Blank(Product);
        if (product is not null && !Identifier.IsValid(product, 64))
        {
            return (null, "The product filter is a SKU of at most 64 characters.");
        }

        bool? test = Blank(Test) switch
        {
            null => null,
            "test" => true,
            "live" => false,
            _ => default(bool?),
        };
        if (test is null && Blank(Test) is not null)
        {
            return (null, "Show test orders, live orders, or both.");
        }

        var before = Blank(Before);
        if (before is not null && !IsCursor(before))
        {
            return (null, "That page link is not valid any more; start from the first page.");
        }

        // A "to" date includes that whole day.
        return (new OrderQuery(status, from, to?.AddDays(1), email, product, test, before, PageSize), null);
    }

    /// <summary>The query string of these filters for another page (<paramref name="before"/>).</summary>
    public string WithBefore(string before)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (Blank(value) is { } v)
            {
                parts.Add($"{name}={Uri.EscapeDataString(v)}");
            }
        }

        Add("status", Status);
        Add("from", From);
        Add("to", To);
        Add("email", Email);
        Add("product", Product);
        Add("test", Test);
        Add("before", before);
        return "?" + string.Join("&", parts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryDate(string? text, out DateTimeOffset? date)
    {
        date = null;
        if (Blank(text) is not { } value)
        {
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="value"/> is shaped as the listing's cursor: <c>{ticks}:{orderId}</c>.</summary>
    internal static bool IsCursor(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and <= 19
            && long.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Identifier.IsValid(value[(colon + 1)..]);
    }
}
