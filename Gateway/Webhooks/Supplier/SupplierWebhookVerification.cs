namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>The outcome of checking a supplier webhook's signature.</summary>
/// <param name="Error">One of the <see cref="SupplierWebhookErrors"/> signature codes, or <see langword="null"/>
/// when the webhook is authentic.</param>
public readonly record struct SupplierWebhookVerification(string? Error)
{
    /// <summary>An authentic webhook.</summary>
    public static SupplierWebhookVerification Valid => default;

    /// <summary>Whether the webhook is authentic and fresh.</summary>
    public bool IsValid => Error is null;
}
