using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Webhooks.Supplier;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>
/// What the webhook endpoints answered, as <see cref="DeliveryMetrics.Webhooks"/> counts it: an endpoint filter, outside
/// the signature filters, notes a duplicate (the order had recorded the event already) or the stable error code of a
/// refusal; <see cref="WebhookFailureRecording"/> counts the webhook once its answer is out. A reason is always one of
/// a fixed set of codes, never a sender's text.
/// </summary>
public static class WebhookOutcomes
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>A refusal with no stable code of ours (the framework's own, say).</summary>
    public const string OtherReason = "other";

    /// <summary>A 5xx with no stable code: the cluster did not answer, or processing failed.</summary>
    public const string ProcessingError = "processing_error";

    // The codes a webhook refusal can carry: every constant of the two catalogues, and the body reader's own.
    private static readonly FrozenSet<string> KnownReasons = Constants(typeof(WebhookErrorCodes))
        .Concat(Constants(typeof(SupplierWebhookErrors)))
        .Concat(["empty_body", "body_too_large"])
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Notes what the endpoint (or a filter inside this one) answered.</summary>
    public static async ValueTask<object?> NoteAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        var noted = answer switch
        {
            Ok<WebhookAnswer> { Value.Outcome: "duplicate" } => new Noted(Duplicate, null),
            ProblemHttpResult problem when problem.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is string text => new Noted(null, text),
            _ => null,
        };
        if (noted is not null)
        {
            context.HttpContext.Features.Set(noted);
        }

        return result;
    }

    /// <summary>The outcome and, for a refusal or failure, the reason of the answer now sent.</summary>
    public static (string Outcome, string? Reason) Of(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var noted = context.Features.Get<Noted>();
        var reason = noted?.Reason is { } code && KnownReasons.Contains(code) ? code : null;
        return status switch
        {
            < 400 => (noted?.Outcome ?? Accepted, null),
            < 500 => (Rejected, reason ?? OtherReason),
            _ => (Failed, reason ?? ProcessingError),
        };
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private sealed record Noted(string? Outcome, string? Reason);
}
