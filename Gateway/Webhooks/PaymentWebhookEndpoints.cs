using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Webhooks.PayPal;
using Orleans.Delivery.Gateway.Webhooks.PesaPal;
using Orleans.Delivery.Gateway.Webhooks.Stripe;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>
/// Payment providers' webhooks. Each is verified by its filter before the handler runs, recorded with one grain
/// turn, and answered at once: no outbound call happens on the request path.
/// </summary>
public static class PaymentWebhookEndpoints
{
    /// <summary>Maps the endpoints of the providers that are configured; the others answer 404.</summary>
    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app, WebhookOptions options)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Webhooks").AddEndpointFilter(WebhookOutcomes.NoteAsync);
        if (options.Stripe.Secrets.Count > 0)
        {
            hooks.MapPost("/stripe", StripeAsync).AddEndpointFilter<StripeSignatureFilter>().Accepts<Stream>("application/json")
                .WithSummary("Stripe events, signed with Stripe-Signature; the order id is metadata.order_id");
        }

        if (!string.IsNullOrWhiteSpace(options.PayPal.WebhookId))
        {
            hooks.MapPost("/paypal", PayPalAsync).AddEndpointFilter<PayPalSignatureFilter>().Accepts<Stream>("application/json")
                .WithSummary("PayPal webhook events, verified against the PayPal certificate; the order id is custom_id");
        }

        hooks.MapGet("/pesapal", PesaPalQueryAsync).WithSummary("PesaPal IPN in the query string; the payment is then looked up");
        hooks.MapPost("/pesapal", PesaPalBodyAsync).Accepts<Stream>("application/json").WithSummary("PesaPal IPN as JSON; the payment is then looked up");
        return app;
    }

    public static Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> StripeAsync(HttpContext context, PaymentWebhookRecorder recorder) =>
        RecordAsync(context, recorder, PaymentProviders.Stripe, StripeEventParser.Parse(WebhookBody.From(context).Bytes));

    public static Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> PayPalAsync(HttpContext context, PaymentWebhookRecorder recorder) =>
        RecordAsync(context, recorder, PaymentProviders.PayPal, PayPalEventParser.Parse(WebhookBody.From(context).Bytes));

    public static Task<IResult> PesaPalQueryAsync(HttpContext context, IGrainFactory grains, PaymentWebhookRecorder recorder) =>
        PesaPalAsync(context, grains, recorder, PesaPalIpnParser.ParseQuery(context.Request.Query));

    public static async Task<IResult> PesaPalBodyAsync(HttpContext context, IGrainFactory grains, PaymentWebhookRecorder recorder)
    {
        var (body, tooLarge) = await RequestBody.ReadBytesAsync(context.Request);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        // PesaPal documents a JSON body; some integrations send the same fields in the query string.
        var parsed = body!.Length > 0 ? PesaPalIpnParser.ParseJson(body) : PesaPalIpnParser.ParseQuery(context.Request.Query);
        return await PesaPalAsync(context, grains, recorder, parsed);
    }

    private static async Task<IResult> PesaPalAsync(HttpContext context, IGrainFactory grains, PaymentWebhookRecorder recorder, PesaPalIpnParseResult parsed)
    {
        if (!parsed.IsSuccess)
        {
            WebhooksLog.BodyRejected(context.RequestServices.GetRequiredService<ILogger<PesaPalIpn>>(), PaymentProviders.PesaPal, parsed.ErrorCode!);
            return ApiProblem.BadRequest(parsed.ErrorCode!, parsed.ErrorDetail!, parsed.Field);
        }

        var ipn = parsed.Ipn!;
        var reference = ipn.OrderMerchantReference;
        var answer = reference.Length <= GrainKeys.MaxLength
            ? await grains.GetGrain<IOrderGrain>(reference).RecordPaymentNoticeAsync(new PaymentNotice(PaymentProviders.PesaPal, ipn.OrderTrackingId), context.RequestAborted)
            : null;
        if (answer is null || answer.UnknownOrder)
        {
            // An IPN carries no signature: it is only a prompt to look the status up, so an unknown one is kept, not trusted.
            await recorder.KeepAsync(PaymentProviders.PesaPal, ipn.OrderTrackingId, reference, OrderAnswer.UnknownOrderCode, $"IPN {ipn.OrderNotificationType}", context.RequestAborted);
        }

        return Results.Content(PesaPalIpnAcknowledgement.For(ipn, recorded: true).ToJson(), "application/json");
    }

    private static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> RecordAsync(
        HttpContext context, PaymentWebhookRecorder recorder, string provider, WebhookParseResult parsed)
    {
        if (!parsed.IsSuccess)
        {
            WebhooksLog.BodyRejected(context.RequestServices.GetRequiredService<ILogger<PaymentWebhookRecorder>>(), provider, parsed.ErrorCode!);
            return ApiProblem.BadRequest(parsed.ErrorCode!, parsed.ErrorDetail!, parsed.Field);
        }

        return TypedResults.Ok(await recorder.RecordAsync(parsed.Notification!, context.RequestAborted));
    }
}
