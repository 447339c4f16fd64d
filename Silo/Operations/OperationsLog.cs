namespace Orleans.Delivery.Silo.Operations;

/// <summary>Log messages of the operations features (event ids 3500–3599).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Reconciliation sweep asked {Count} order(s) pending payment to look their payment up")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Supplier call of order {OrderId} ({Key}) could not be recorded for the statistics: {Reason}")]
    public static partial void SupplierCallNotRecorded(ILogger logger, string orderId, string key, string reason);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Operations alert {Rule} {Status}: {Message}")]
    public static partial void AlertChanged(ILogger logger, string rule, string status, string message);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Information, Message = "Operations alert {Rule} {Status} emailed to {Recipients} operator address(es)")]
    public static partial void AlertEmailed(ILogger logger, string rule, string status, int recipients);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "Operations alert {Rule} {Status} posted to the alert webhook (HTTP {StatusCode})")]
    public static partial void AlertPosted(ILogger logger, string rule, string status, int statusCode);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Warning, Message = "The supplier balance could not be read for the balance rule: {Reason}")]
    public static partial void BalanceUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "The paid-but-undelivered orders could not be read for the metrics: {Reason}")]
    public static partial void BacklogNotRead(ILogger logger, string reason);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Warning, Message = "The supplier circuit going {State} could not be recorded for the supplier health page: {Reason}")]
    public static partial void CircuitNotRecorded(ILogger logger, string state, string reason);
}
