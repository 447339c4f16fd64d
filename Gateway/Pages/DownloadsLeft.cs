using System.Globalization;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>How pages word a download allowance: "2 of 3 left", "Unlimited".</summary>
public static class DownloadsLeft
{
    /// <param name="left">Downloads left; null when unlimited.</param>
    /// <param name="allowed">Downloads allowed in all; null when unlimited.</param>
    public static string Describe(int? left, int? allowed) =>
        (left, allowed) switch
        {
            (null, _) or (_, null) => "Unlimited",
            ({ } l, { } a) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, l)} of {a} left"),
        };
}
