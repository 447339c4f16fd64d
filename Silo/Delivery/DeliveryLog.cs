namespace Orleans.Delivery.Silo.Delivery;

/// <summary>
/// Log messages of the order effect handlers; event ids 3200–3299 are reserved for them. Codes, PINs, license texts,
/// secrets and webhook bodies are never arguments here.
/// </summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Alert {Kind} for order {OrderId}: {Message}")]
    public static partial void Alert(ILogger logger, string kind, string orderId, string message);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Alert {Kind} for order {OrderId} emailed to {Recipients} operator address(es)")]
    public static partial void AlertEmailed(ILogger logger, string kind, string orderId, int recipients);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Supplier order for {Reference} ({Step}, dispatch {Attempt}) may exist already: looked it up first and found it {Status}")]
    public static partial void FoundByReference(ILogger logger, string reference, string step, int attempt, string status);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Supplier {Operation} for order {OrderId} ({Step}) came to {Result}")]
    public static partial void SupplierAnswered(ILogger logger, string operation, string orderId, string step, string result);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "No supplier is configured (Supplier:BaseUrl, Supplier:ApiKey); order {OrderId} cannot buy its codes")]
    public static partial void SupplierNotConfigured(ILogger logger, string orderId);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Merchant webhook for order {OrderId} ({Step}) answered HTTP {StatusCode}")]
    public static partial void MerchantWebhookAnswered(ILogger logger, string orderId, string step, int statusCode);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "Merchant webhook for order {OrderId} ({Step}) failed: {Reason}")]
    public static partial void MerchantWebhookFailed(ILogger logger, string orderId, string step, string reason);
}
