namespace Orleans.Delivery.Silo.Payments;

/// <summary>The answer to a GetTransactionStatus call.</summary>
public abstract record PesaPalStatusResult
{
    private PesaPalStatusResult()
    {
    }

    /// <summary>PesaPal answered; an unknown tracking id comes back as <see cref="PesaPalStatusCode.Invalid"/>.</summary>
    public sealed record Found(PesaPalTransactionStatus Status) : PesaPalStatusResult;

    /// <summary>PesaPal could not be reached or failed after retries; poll again later.</summary>
    public sealed record Unavailable(string Reason) : PesaPalStatusResult;
}
