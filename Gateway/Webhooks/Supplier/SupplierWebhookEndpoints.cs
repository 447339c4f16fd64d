using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Supplier;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks.Supplier;

/// <summary>
/// The code supplier's webhook, <c>POST /webhooks/supplier</c>: verified by <see cref="SupplierSignatureFilter"/>,
/// recorded with one turn of the order its reference names, and answered at once. No outbound call happens on the
/// request path; the order decides what the news means (a duplicate, a late or reordered event, or an order already
/// completed by polling changes nothing).
/// </summary>
public static class SupplierWebhookEndpoints
{
    /// <summary>The sender's name in logs and the inbox of unmatched webhooks.</summary>
    public const string Source = "supplier";

    public const string Path = "/webhooks/supplier";

    /// <summary>Maps the endpoint when <c>Supplier:Webhook:Secret</c> is configured; otherwise it answers 404.</summary>
    public static IEndpointRouteBuilder MapSupplierWebhooks(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration.GetSection(SupplierWebhookOptions.SectionName)["Secret"]))
        {
            app.MapPost(Path, ReceiveAsync).AddEndpointFilter(WebhookOutcomes.NoteAsync).AddEndpointFilter<SupplierSignatureFilter>().WithTags("Webhooks").Accepts<Stream>("application/json")
                .WithSummary("The code supplier's order updates, signed with its webhook secret");
        }

        return app;
    }

    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, IGrainFactory grains, PaymentWebhookRecorder recorder, SupplierOrderReader reader, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SupplierWebhookEndpoints));
        var parsed = SupplierWebhookParser.Parse(WebhookBody.From(context).Bytes, reader);
        if (!parsed.IsValid)
        {
            WebhooksLog.BodyRejected(logger, Source, parsed.Error!);
            return ApiProblem.BadRequest(parsed.Error!, parsed.Detail!, parsed.Field);
        }

        var notification = parsed.Notification!;
        var orderId = SupplierReference.OrderIdOf(notification.Reference);
        // One call: the order answers unknown_order when it was never created, and the notification is kept instead.
        var answer = orderId.Length <= GrainKeys.MaxLength
            ? await grains.GetGrain<IOrderGrain>(orderId).RecordSupplierEventAsync(
                new SupplierReport(notification.EventId, notification.SupplierOrderId, notification.Reference, notification.Status, notification.Items, notification.Reason),
                context.RequestAborted)
            : null;
        if (answer is null || answer.UnknownOrder)
        {
            return TypedResults.Ok(await recorder.KeepAsync(
                Source, notification.EventId, notification.Reference, OrderAnswer.UnknownOrderCode,
                $"{notification.Status} supplier order {notification.SupplierOrderId}", context.RequestAborted));
        }

        WebhooksLog.Recorded(logger, Source, notification.EventId, orderId, answer.Changed, answer.Status);
        return TypedResults.Ok(new WebhookAnswer(true, answer.Changed ? "recorded" : "duplicate", answer.Status, answer.Error));
    }
}
