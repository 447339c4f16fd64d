namespace Orleans.Delivery.Gateway.Http;

/// <summary>Log messages about API keys; event ids 2600–2619. A key itself is never logged.</summary>
internal static partial class ApiKeysLog
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information,
        Message = "The {Role} API key is kept in {Path}; send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'")]
    public static partial void KeyFileInUse(ILogger logger, string role, string path);
}
