using System.Diagnostics;

namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>
/// The product's own spans, one <see cref="ActivitySource"/> named <see cref="SourceName"/>: each effect a runner
/// performs (continuing the trace of the grain call that planned it) and each email sent.
/// </summary>
public static class DeliveryTracing
{
    public const string SourceName = "Orleans.Delivery";

    public static readonly ActivitySource Source = new(SourceName);
}
