namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Log messages of the buyer's order page; event ids 2550–2559. Tokens are logged redacted only.</summary>
internal static partial class OrderPageLog
{
    [LoggerMessage(EventId = 2550, Level = LogLevel.Information, Message = "Refused an order page link {Token}: {Refusal}")]
    public static partial void LinkRefused(ILogger logger, string token, LinkRefusal refusal);

    [LoggerMessage(EventId = 2551, Level = LogLevel.Warning, Message = "An order page link names order {OrderId}, which does not exist")]
    public static partial void UnknownOrder(ILogger logger, string orderId);
}
