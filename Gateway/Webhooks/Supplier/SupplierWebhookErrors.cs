namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>The stable error codes a supplier webhook is refused with (the Problem Details <c>code</c>).</summary>
public static class SupplierWebhookErrors
{
    /// <summary>The signature header, or the timestamp header the scheme needs, is absent or empty.</summary>
    public const string MissingSignature = "missing_signature";

    /// <summary>A header is present but cannot be read: no <c>sha256=</c> prefix, not hex, wrong length, or a
    /// timestamp that is not a whole number of seconds.</summary>
    public const string MalformedSignature = "malformed_signature";

    /// <summary>The signature is well formed but does not match the body and timestamp.</summary>
    public const string SignatureMismatch = "signature_mismatch";

    /// <summary>The signature matches but its timestamp is further from now than the tolerance allows.</summary>
    public const string TimestampOutsideTolerance = "timestamp_outside_tolerance";

    /// <summary>The body is not a JSON object of the expected shape.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>The body has no order id (<c>order_id</c>, or as <c>Supplier:Fields:OrderId</c> names it).</summary>
    public const string MissingOrderId = "missing_order_id";

    /// <summary>The body has no <c>reference</c> (our order id), so it cannot be routed to an order.</summary>
    public const string MissingReference = "missing_reference";

    /// <summary>The body has no <c>status</c>.</summary>
    public const string MissingStatus = "missing_status";
}
