namespace Orleans.Delivery.Silo.Payments;

/// <summary>What became of a refund request. Business refusals are values, not exceptions.</summary>
public abstract record RefundResult
{
    private RefundResult()
    {
    }

    /// <summary>The provider accepted the refund (it may still settle later). Repeating the same idempotency key
    /// returns the same <paramref name="RefundId"/>.</summary>
    public sealed record Succeeded(string RefundId) : RefundResult;

    /// <summary>The provider refused it (already refunded, amount too large, unknown payment…); retrying will not help.</summary>
    public sealed record Rejected(string Reason) : RefundResult;

    /// <summary>The provider could not be reached or failed after retries; try again later with the same idempotency key.</summary>
    public sealed record Unavailable(string Reason) : RefundResult;
}
