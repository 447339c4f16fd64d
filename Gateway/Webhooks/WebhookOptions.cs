using Orleans.Delivery.Gateway.Webhooks.PayPal;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>Payment webhook settings (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public StripeWebhookOptions Stripe { get; set; } = new();

    public PayPalWebhookOptions PayPal { get; set; } = new();
}

/// <summary>Stripe's endpoint secrets: more than one while a secret is being rotated.</summary>
public sealed class StripeWebhookOptions
{
    /// <summary>The endpoint signing secrets (<c>whsec_…</c>). Required for the Stripe endpoint to accept anything.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How far a signature's timestamp may be from now. Default 5 minutes, as Stripe's libraries use.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
