using System.Globalization;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations.Orders;

/// <summary>
/// The listing's paging cursor: the creation time (UTC ticks) and id of the last order of a page, as
/// <c>{ticks}:{orderId}</c>. Rows are ordered by both, so a page boundary never splits or repeats an order.
/// </summary>
internal static class OrderListCursor
{
    public const int MaxLimit = 500;

    public static string Of(OrderListItem last) => $"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.OrderId}";

    /// <summary>The position after which the page starts, or null for the first page; throws on a cursor this listing never made.</summary>
    public static (DateTimeOffset CreatedAt, string OrderId)? Parse(string? before)
    {
        if (string.IsNullOrEmpty(before))
        {
            return null;
        }

        var colon = before.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(before.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new ArgumentException("The cursor is not one the listing made.", nameof(before));
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), before[(colon + 1)..]);
    }

    public static void Check(OrderQuery query) => ArgumentOutOfRangeException.ThrowIfNotEqual(query.Limit is >= 1 and <= MaxLimit, true, nameof(query));

    public static OrderListPage Page(List<OrderListItem> rows, int limit) =>
        rows.Count > limit ? new OrderListPage(rows.GetRange(0, limit), Of(rows[limit - 1])) : new OrderListPage(rows, null);

    /// <summary>SKUs as stored: each between commas, so that one is found whole with a substring test.</summary>
    public static string JoinSkus(IReadOnlyList<string> skus) => "," + string.Join(",", skus) + ",";

    public static IReadOnlyList<string> SplitSkus(string skus) => skus.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
