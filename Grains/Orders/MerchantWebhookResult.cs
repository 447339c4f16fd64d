using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>What the merchant's fulfillment webhook answered.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Ok), "ok")]
[JsonDerivedType(typeof(Failed), "failed")]
public abstract record MerchantWebhookResult
{
    /// <summary>A 200 answer; its body is the license text sent to the customer.</summary>
    public sealed record Ok(string Body) : MerchantWebhookResult
    {
        public override string ToString() => $"Ok {{ Body = {CodeItem.Mask(Body)} }}";
    }

    public sealed record Failed(string Reason) : MerchantWebhookResult;
}
