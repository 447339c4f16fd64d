using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>Argument checks and page assembly both stores share.</summary>
internal static class OperationsPaging
{
    /// <summary>The cursor when none is given: above every id.</summary>
    public const long Newest = long.MaxValue;

    public static void CheckLimit(int limit) => ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

    /// <summary>The filter's email as stored: trimmed and lower-case; blank means none.</summary>
    public static string? Email(DeliveryFilter filter) => string.IsNullOrWhiteSpace(filter.Email) ? null : filter.Email.Trim().ToLowerInvariant();

    /// <summary>
    /// A page from rows read with one more than <paramref name="limit"/>: that extra row only tells that another page
    /// follows, so the last page never points at an empty one.
    /// </summary>
    public static OperationsPage Page(List<OperationsEntry> rows, int limit) =>
        rows.Count > limit
            ? new OperationsPage(rows.GetRange(0, limit), rows[limit - 1].Id)
            : new OperationsPage(rows, null);
}
