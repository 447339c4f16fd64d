namespace Orleans.Delivery.Silo.Payments;

/// <summary>PesaPal's <c>status_code</c> from GetTransactionStatus.</summary>
public enum PesaPalStatusCode
{
    /// <summary>0 — unknown to PesaPal, or not paid yet.</summary>
    Invalid = 0,

    /// <summary>1 — paid.</summary>
    Completed = 1,

    /// <summary>2 — the payment failed.</summary>
    Failed = 2,

    /// <summary>3 — the payment was reversed (refunded).</summary>
    Reversed = 3,
}
