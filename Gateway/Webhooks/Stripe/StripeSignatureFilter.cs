using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks.Stripe;

/// <summary>Refuses any Stripe webhook whose <c>Stripe-Signature</c> does not verify; nothing is recorded then.</summary>
public sealed class StripeSignatureFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await WebhookBody.ReadAsync(http) is { } tooLarge)
        {
            return tooLarge;
        }

        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue.Stripe;
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var result = StripeSignatureVerifier.Verify(
            http.Request.Headers[StripeSignatureVerifier.HeaderName].ToString() is { Length: > 0 } header ? header : null,
            WebhookBody.From(http).Bytes,
            options.Secrets,
            time.GetUtcNow(),
            options.Tolerance);
        if (!result.IsValid)
        {
            WebhooksLog.SignatureRejected(http.RequestServices.GetRequiredService<ILogger<StripeSignatureFilter>>(), PaymentProviders.Stripe, result.ErrorCode!);
            return SignatureProblem.For(result.ErrorCode!);
        }

        return await next(context);
    }
}
