using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Webhooks;

/// <summary>The answer to a webhook whose signature does not verify: 400 for a malformed header, 401 otherwise.</summary>
public static class SignatureProblem
{
    public static ProblemHttpResult For(string errorCode) => errorCode switch
    {
        WebhookErrorCodes.MissingSignature => ApiProblem.Unauthorized(errorCode, "The webhook carries no signature header."),
        WebhookErrorCodes.MalformedSignature => ApiProblem.BadRequest(errorCode, "The webhook's signature header is not in the provider's format."),
        WebhookErrorCodes.TimestampOutsideTolerance => ApiProblem.Unauthorized(errorCode, "The webhook's signed timestamp is too far from now; replays are refused."),
        _ => ApiProblem.Unauthorized(errorCode, "The webhook's signature does not match its body."),
    };
}
