using System.Text.Json.Serialization;

namespace Orleans.Delivery.Grains.Orders;

/// <summary>What the merchant's fulfillment webhook answered.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Ok), "ok")]
[JsonDerivedType(typeof(Failed), "failed")]
[JsonDerivedType(typeof(Refused), "refused")]
public abstract record MerchantWebhookResult
{
    /// <summary>A 200 answer; its body is the license text sent to the customer.</summary>
    public sealed record Ok(string Body) : MerchantWebhookResult
    {
        public override string ToString() => $"Ok {{ Body = {CodeItem.Mask(Body)} }}";
    }

    /// <summary>A failure worth another attempt: no answer in time, a network error, an answer other than 200.</summary>
    public sealed record Failed(string Reason) : MerchantWebhookResult;

    /// <summary>
    /// A failure that trying again does not fix: the answer is not deliverable (HTML, empty, too large, a redirect) or
    /// the call was not made because its target is refused. <see cref="Code"/> is stable, e.g. <c>html_in_response</c>.
    /// </summary>
    public sealed record Refused(string Code, string Reason) : MerchantWebhookResult;
}
