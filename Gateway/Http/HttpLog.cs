using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Log messages of the gateway's edge; event ids 2000–2099 are reserved for it. The endpoint is named by its route
/// pattern, never by the request's path or query, which come from outside.
/// </summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "{Endpoint} failed unexpectedly; answered 500 without details")]
    public static partial void Unhandled(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Endpoint} could not reach the store; answered 503, retry after {RetryAfterSeconds} s")]
    public static partial void StoreUnavailable(ILogger logger, string endpoint, int retryAfterSeconds, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Endpoint} could not read the request; answered {StatusCode}")]
    public static partial void Unreadable(ILogger logger, string endpoint, int statusCode);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "{Endpoint} was abandoned by its client")]
    public static partial void Abandoned(ILogger logger, string endpoint);
}
