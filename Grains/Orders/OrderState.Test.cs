namespace Orleans.Delivery.Grains.Orders;

public sealed partial record OrderState
{
    /// <summary>
    /// An operator's test order: fulfilled through the real pipeline, listed apart from live orders. False in records
    /// stored before the flag existed.
    /// </summary>
    public bool Test { get; init; }
}
