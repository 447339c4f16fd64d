namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>
/// Refuses any supplier webhook whose signature does not verify (<see cref="SupplierWebhookVerifier"/>) before the
/// handler runs; nothing is recorded then.
/// </summary>
public sealed class SupplierSignatureFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await WebhookBody.ReadAsync(http) is { } tooLarge)
        {
            return tooLarge;
        }

        var verifier = http.RequestServices.GetRequiredService<SupplierWebhookVerifier>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var result = verifier.Verify(http.Request.Headers, WebhookBody.From(http).Bytes, now);
        if (!result.IsValid)
        {
            WebhooksLog.SignatureRejected(http.RequestServices.GetRequiredService<ILogger<SupplierSignatureFilter>>(), SupplierWebhookEndpoints.Source, result.Error!);
            return SignatureProblem.For(result.Error!);
        }

        return await next(context);
    }
}
