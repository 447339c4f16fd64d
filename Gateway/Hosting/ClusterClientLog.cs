using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>Log messages of the gateway's Orleans client; event ids 2700–2749 are reserved for it.</summary>
internal static partial class ClusterClientLog
{
    [LoggerMessage(EventId = 2700, Level = LogLevel.Warning,
        Message = "Could not connect to the cluster (attempt {Attempt}, {ExceptionType}: {Reason}); trying again in {DelaySeconds} s")]
    public static partial void ConnectionFailed(ILogger logger, int attempt, double delaySeconds, string exceptionType, string reason);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Debug, Message = "Not connected to the cluster yet; answered 503")]
    public static partial void NotConnected(ILogger logger);
}
