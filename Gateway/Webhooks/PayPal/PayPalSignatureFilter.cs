namespace Orleans.Delivery.Gateway.Webhooks.PayPal;

/// <summary>Refuses any PayPal webhook whose certificate-based signature does not verify; nothing is recorded then.</summary>
public sealed class PayPalSignatureFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await WebhookBody.ReadAsync(http) is { } tooLarge)
        {
            return tooLarge;
        }

        var verifier = http.RequestServices.GetRequiredService<PayPalWebhookVerifier>();
        var result = await verifier.VerifyAsync(PayPalTransmission.FromHeaders(http.Request.Headers), WebhookBody.From(http).Bytes, http.RequestAborted);
        if (!result.IsValid)
        {
            WebhooksLog.SignatureRejected(http.RequestServices.GetRequiredService<ILogger<PayPalSignatureFilter>>(), PaymentProviders.PayPal, result.ErrorCode!);
            return SignatureProblem.For(result.ErrorCode!);
        }

        return await next(context);
    }
}
