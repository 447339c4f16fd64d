using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>
/// Counts every inbound webhook by provider and outcome (<see cref="DeliveryMetrics.Webhooks"/>, with
/// <see cref="WebhookOutcomes"/>), and reports every one the gateway refused for its signature (401) or failed to process (5xx) to the
/// operations tables, for the webhook failure alert. The report goes out once the answer is sent, so the sender never
/// waits on it, and a cluster that cannot take it (the cause of a 503, often) costs a warning, not the webhook.
/// </summary>
public static class WebhookFailureRecording
{
    public const string PathPrefix = "/webhooks";

    public static IApplicationBuilder UseWebhookFailureRecording(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(PathPrefix, out var rest))
        {
            await next(context);
            return;
        }

        // Resolved now: the request's services are gone once the answer is out.
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var logger = context.RequestServices.GetRequiredService<ILogger<WebhookFailureRecordingLog>>();
        context.Response.OnCompleted(() => RecordAsync(context, rest, grains, logger));
        await next(context);
        var (outcome, reason) = WebhookOutcomes.Of(context);
        var provider = new KeyValuePair<string, object?>("provider", SourceOf(rest));
        if (reason is null)
        {
            DeliveryMetrics.Webhooks.Add(1, provider, new("outcome", outcome));
        }
        else
        {
            DeliveryMetrics.Webhooks.Add(1, provider, new("outcome", outcome), new("reason", reason));
        }
    });

    /// <summary>The provider the path names; any other segment is "other", so nothing a sender chose is recorded.</summary>
    private static string SourceOf(PathString rest) => rest.Value?.Trim('/').Split('/')[0] switch
    {
        "stripe" => "stripe",
        "paypal" => "paypal",
        "pesapal" => "pesapal",
        "supplier" => "supplier",
        _ => "other",
    };

    private static async Task RecordAsync(HttpContext context, PathString rest, IGrainFactory grains, ILogger logger)
    {
        var status = context.Response.StatusCode;
        var source = SourceOf(rest);
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) && status < StatusCodes.Status500InternalServerError)
        {
            return;
        }

        var reason = status < 500 ? "signature refused" : "processing failed";
        try
        {
            await grains.GetGrain<IOperationsRecorderGrain>(IOperationsRecorderGrain.Default)
                .RecordWebhookFailureAsync(context.TraceIdentifier + ":" + Guid.NewGuid().ToString("N"), source, status, reason);
        }
        catch (Exception exception)
        {
            WebhooksLog.FailureNotRecorded(logger, source, status, exception.Message);
        }
    }

    /// <summary>The log category of the recording.</summary>
    public sealed class WebhookFailureRecordingLog;
}
