using Microsoft.AspNetCore.Http.HttpResults;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Every error the gateway answers: RFC 9457 Problem Details with a stable <c>code</c> a client can switch on and a
/// sentence a developer can act on. Never an exception's text.
/// </summary>
public static class ApiProblem
{
    /// <param name="status">The HTTP status.</param>
    /// <param name="code">The stable code.</param>
    /// <param name="detail">What happened and what to do, without anything from an exception.</param>
    /// <param name="field">The request field at fault, when there is one; it goes into the <c>field</c> extension.</param>
    public static ProblemHttpResult Create(int status, string code, string detail, string? field = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(status),
            type: $"https://orleans.delivery/errors/{code}",
            extensions: extensions);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, string? field = null) => Create(StatusCodes.Status400BadRequest, code, detail, field);

    /// <summary>A field refused at the edge (<see cref="Identifier"/>, <see cref="FreeText"/>): 400, naming the field.</summary>
    public static ProblemHttpResult Invalid(FieldRefusal refusal) => Create(StatusCodes.Status400BadRequest, refusal.Code, refusal.Detail, refusal.Field);

    public static ProblemHttpResult Unauthorized(string code, string detail) => Create(StatusCodes.Status401Unauthorized, code, detail);

    public static ProblemHttpResult Forbidden(string code, string detail) => Create(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult NotFound(string code, string detail) => Create(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult TooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The request body is larger than the {limit:N0} bytes this endpoint accepts.");

    public static ProblemHttpResult Unprocessable(string code, string detail) => Create(StatusCodes.Status422UnprocessableEntity, code, detail);

    public static ProblemHttpResult UnsupportedMediaType(string code, string detail) => Create(StatusCodes.Status415UnsupportedMediaType, code, detail);

    /// <summary>
    /// The code of a problem the framework wrote for a bare status (an unmapped route, a method not allowed, a
    /// request Kestrel could not read), so that every problem the gateway answers carries one.
    /// </summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        411 => "length_required",
        413 => "body_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "unprocessable_request",
        429 => "too_many_requests",
        431 => "headers_too_large",
        503 => "store_unavailable",
        >= 500 => "internal_error",
        _ => "error",
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        431 => "Request headers too large",
        500 => "Internal error",
        503 => "Service unavailable",
        _ => "Error",
    };
}
