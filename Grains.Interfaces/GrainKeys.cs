namespace Orleans.Delivery.Grains.Interfaces;

/// <summary>What a grain key may be.</summary>
public static class GrainKeys
{
    /// <summary>The longest key a grain accepts, in characters; a longer order id or reference names no order.</summary>
    public const int MaxLength = 512;
}
