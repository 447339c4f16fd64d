namespace Orleans.Delivery.Silo.Delivery;

/// <summary>A merchant webhook call was not made: its target resolves only to addresses it may not dial.</summary>
public sealed class MerchantTargetRefusedException : Exception
{
    public MerchantTargetRefusedException()
    {
    }

    public MerchantTargetRefusedException(string message)
        : base(message)
    {
    }

    public MerchantTargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
