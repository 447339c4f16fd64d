using System.Net;

namespace Orleans.Delivery.Silo.Payments;

/// <summary>One provider answer, or why there was none (network error, timeout) after every retry.</summary>
internal sealed record ProviderResponse(HttpStatusCode? StatusCode, string Body, string? FailureReason)
{
    public bool Answered => FailureReason is null;

    public bool IsSuccess => StatusCode is { } code && (int)code is >= 200 and < 300;

    public bool IsServerError => StatusCode is { } code && ((int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    public static ProviderResponse Unreachable(string reason) => new(null, string.Empty, reason);

    public string Describe() => FailureReason ?? $"HTTP {(int)StatusCode!.Value}";
}
