namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// Log messages of the buyer's pages and downloads; event ids 2500–2599 are reserved for them. A link token is only
/// ever logged through <see cref="LinkTokens.Redact"/>, a minted file URL never: the file key and expiry say enough.
/// </summary>
internal static partial class PagesLog
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Counted a download of entitlement {EntitlementId} ({Used} used, {Left} left); file {Key} URL expires {ExpiresAt}")]
    public static partial void DownloadCounted(ILogger logger, string entitlementId, int used, string left, string key, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Refused a download of entitlement {EntitlementId}: {Outcome}")]
    public static partial void DownloadRefused(ILogger logger, string entitlementId, DownloadOutcome outcome);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "The file of product {Sku} is not in the file store; a download of entitlement {EntitlementId} was not counted")]
    public static partial void FileMissing(ILogger logger, string sku, string entitlementId);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Refused a {Purpose} link {Token}: {Refusal}")]
    public static partial void LinkRefused(ILogger logger, LinkPurpose purpose, string token, LinkRefusal refusal);
}
