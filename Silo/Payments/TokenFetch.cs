namespace Orleans.Delivery.Silo.Payments;

/// <summary>The result of one token request: a token and when to stop using it, or why there is none.</summary>
internal sealed record TokenFetch(string? Token, DateTimeOffset RefreshAt, string? Failure)
{
    public static TokenFetch Failed(string reason) => new(null, default, reason);
}
