namespace Orleans.Delivery.Grains.Catalog;

/// <summary>Where a merchant-webhook product asks for its license, and the secret that signs the request.</summary>
public sealed record MerchantWebhookTarget(string Url, string? Secret = null)
{
    // Records print every member; the signing secret must never reach a log line or a failed assertion.
    public override string ToString() =>
        $"MerchantWebhookTarget {{ Url = {Url}, Secret = {(Secret is null ? "none" : "***")} }}";
}
