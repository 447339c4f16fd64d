using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>
/// The exact bytes of a webhook, read once (at most 1 MiB) by the signature filter and handed to the handler, so
/// the signature is checked over what the handler parses.
/// </summary>
public sealed record WebhookBody(byte[] Bytes)
{
    public static WebhookBody From(HttpContext context) =>
        context.Features.Get<WebhookBody>() ?? throw new InvalidOperationException("The webhook body was not read by a signature filter.");

    /// <summary>Reads the body into the request's features; a problem when it is too large.</summary>
    public static async Task<ProblemHttpResult?> ReadAsync(HttpContext context)
    {
        var (bytes, problem) = await RequestBody.ReadBytesAsync(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        context.Features.Set(new WebhookBody(bytes!));
        return null;
    }
}
