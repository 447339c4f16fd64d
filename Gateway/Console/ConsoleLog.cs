namespace Orleans.Delivery.Gateway.Console;

/// <summary>The console's log messages (event ids 2800–2819).</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(EventId = 2800, Level = LogLevel.Warning, Message = "Console login refused: wrong password from {Client}")]
    public static partial void LoginFailed(ILogger logger, string client);

    [LoggerMessage(EventId = 2801, Level = LogLevel.Information, Message = "Test order {OrderId} placed for {Sku}")]
    public static partial void TestOrderPlaced(ILogger logger, string orderId, string sku);
}
