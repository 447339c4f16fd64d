using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// <c>GET /files/{key}?expires=…&amp;ref=…&amp;name=…&amp;sig=…</c>: the local store's signed file URLs. A valid URL
/// streams the file (with range support, for large installers on shaky connections); a tampered or expired one is a
/// 403 with code <c>link_invalid</c> or <c>link_expired</c>.
/// </summary>
public static class LocalFileEndpoints
{
    /// <summary>The path the local store's URLs start with.</summary>
    public const string RoutePrefix = "/files";

    public static IEndpointRouteBuilder MapLocalFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(RoutePrefix + "/{**key}", Get).WithTags("Files").ExcludeFromDescription();
        return app;
    }

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> Get(string key, HttpContext context, TimeProvider time, ILogger<LocalFileStore> logger)
    {
        var response = context.Response;
        response.Headers.CacheControl = "private, no-store";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";

        if (context.RequestServices.GetService<LocalFileStore>() is not { } store)
        {
            return ApiProblem.NotFound(FileErrorCodes.FileNotFound, "This gateway does not serve files itself.");
        }

        var query = context.Request.Query;
        var access = store.Open(key, Single(query["expires"]), Single(query["ref"]), Single(query["name"]), Single(query["sig"]), time.GetUtcNow());
        if (!access.Granted)
        {
            FilesLog.LocalUrlRefused(logger, FileKey.IsValid(key) ? key : "(invalid key)", access.ErrorCode!);
            return access.ErrorCode switch
            {
                FileErrorCodes.LinkExpired => ApiProblem.Forbidden(
                    FileErrorCodes.LinkExpired, "This download link has expired. Open the link in your email again to get a fresh one."),
                FileErrorCodes.FileNotFound => ApiProblem.NotFound(
                    FileErrorCodes.FileNotFound, "This file is no longer available. Please contact the store's support."),
                _ => ApiProblem.Forbidden(FileErrorCodes.LinkInvalid, "This download link is not valid. Open the link in your email again."),
            };
        }

        FilesLog.LocalUrlServed(logger, key);
        response.Headers.ContentDisposition = AttachmentDisposition.For(access.FileName);
        return TypedResults.PhysicalFile(access.PhysicalPath!, access.ContentType, enableRangeProcessing: true);
    }

    // A repeated parameter is not ours: refuse rather than guess which one was signed.
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;
}
