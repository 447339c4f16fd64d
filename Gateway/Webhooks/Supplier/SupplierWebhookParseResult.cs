using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>The outcome of parsing a supplier webhook body: a notification, or an error code with a detail.</summary>
public sealed record SupplierWebhookParseResult
{
    private SupplierWebhookParseResult(SupplierNotification? notification, string? error, string? detail, string? field = null)
    {
        Notification = notification;
        Error = error;
        Detail = detail;
        Field = field;
    }

    /// <summary>The parsed notification, when <see cref="IsValid"/>.</summary>
    public SupplierNotification? Notification { get; }

    /// <summary>One of the <see cref="SupplierWebhookErrors"/> body codes, when not valid.</summary>
    public string? Error { get; }

    /// <summary>A human-readable explanation of <see cref="Error"/>; never contains codes from the body.</summary>
    public string? Detail { get; }

    /// <summary>The field at fault, when the error is about one.</summary>
    public string? Field { get; }

    /// <summary>Whether the body parsed into a notification.</summary>
    public bool IsValid => Notification is not null;

    internal static SupplierWebhookParseResult Parsed(SupplierNotification notification) => new(notification, null, null);

    internal static SupplierWebhookParseResult Invalid(string error, string detail) => new(null, error, detail);

    internal static SupplierWebhookParseResult Invalid(FieldRefusal refusal) => new(null, refusal.Code, refusal.Detail, refusal.Field);
}
