using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Silo.Supplier;

// Event ids 4100-4149 belong to supplier calls. Codes, PINs and the API key are never arguments here.
internal static partial class SupplierLog
{
    [LoggerMessage(4100, LogLevel.Information, "Supplier answered {Status} for reference {Reference} ({Sku} x{Quantity}), supplier order {SupplierOrderId}, {ItemCount} item(s)")]
    public static partial void OrderPlaced(this ILogger logger, string status, string reference, string sku, int quantity, string? supplierOrderId, int itemCount);

    [LoggerMessage(4101, LogLevel.Warning, "Supplier failed the order for reference {Reference}: {Reason}")]
    public static partial void OrderFailed(this ILogger logger, string reference, string reason);

    [LoggerMessage(4102, LogLevel.Warning, "Supplier {Operation} for {Key} got no usable answer: {Reason} (order may have been created: {MayHaveBeenCreated})")]
    public static partial void Unreachable(this ILogger logger, string operation, string key, string reason, bool mayHaveBeenCreated);

    [LoggerMessage(4103, LogLevel.Error, "Supplier refused {Operation} for {Key} with HTTP {StatusCode}: {Reason}")]
    public static partial void Rejected(this ILogger logger, string operation, string key, int statusCode, string reason);

    [LoggerMessage(4104, LogLevel.Error, "Supplier {Operation} for {Key} answered with a body that cannot be understood: {Reason}")]
    public static partial void Malformed(this ILogger logger, string operation, string key, string reason);

    [LoggerMessage(4105, LogLevel.Warning, "Supplier call failed ({Reason}); retry {Retry} in {Delay}")]
    public static partial void Retrying(this ILogger logger, string reason, int retry, TimeSpan delay);

    [LoggerMessage(4106, LogLevel.Error, "Supplier circuit opened for {BreakDuration} after {Reason}; calls fail fast until then")]
    public static partial void CircuitOpened(this ILogger logger, TimeSpan breakDuration, string reason);

    [LoggerMessage(4107, LogLevel.Information, "Supplier circuit half-open: letting one probe call through")]
    public static partial void CircuitHalfOpened(this ILogger logger);

    [LoggerMessage(4108, LogLevel.Information, "Supplier circuit closed: supplier answering again")]
    public static partial void CircuitClosed(this ILogger logger);

    [LoggerMessage(4110, LogLevel.Warning, "Supplier {Operation} for {Key} was not sent: {Reason}")]
    public static partial void NotSent(this ILogger logger, string operation, string key, string reason);

    [LoggerMessage(4109, LogLevel.Debug, "Supplier {Operation} for {Key} answered {Status}")]
    public static partial void LookupAnswered(this ILogger logger, string operation, string key, string status);
}
