namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Stable error codes for rejected webhooks; they go into the Problem Details <c>code</c>.</summary>
public static class WebhookErrorCodes
{
    // Signature verification.
    public const string MissingSignature = "missing_signature";
    public const string MalformedSignature = "malformed_signature";
    public const string TimestampOutsideTolerance = "timestamp_outside_tolerance";
    public const string SignatureMismatch = "signature_mismatch";
    public const string UnsupportedAlgorithm = "unsupported_algorithm";
    public const string CertificateUrlNotAllowed = "certificate_url_not_allowed";
    public const string CertificateUnavailable = "certificate_unavailable";
    public const string CertificateExpired = "certificate_expired";

    // Parsing.
    public const string MalformedJson = "malformed_json";
    public const string MissingEventId = "missing_event_id";
    public const string MissingEventType = "missing_event_type";
    public const string MissingEventObject = "missing_event_object";
    public const string MissingOrderId = "missing_order_id";
    public const string MissingAmount = "missing_amount";
    public const string MalformedAmount = "malformed_amount";
    public const string MissingCurrency = "missing_currency";
    public const string MalformedCurrency = "malformed_currency";
    public const string MissingPaymentReference = "missing_payment_reference";
    public const string MissingTrackingId = "missing_order_tracking_id";
    public const string MissingMerchantReference = "missing_order_merchant_reference";
    public const string UnsupportedMediaType = "unsupported_media_type";
}
