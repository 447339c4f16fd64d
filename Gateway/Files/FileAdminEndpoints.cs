using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// <c>PUT /admin/files/{key}</c>: an operator uploads a product file as the raw request body, with its
/// <c>Content-Type</c>. The body streams into the file store, which refuses it past <c>Files:MaxUploadBytes</c> and
/// keeps nothing of a refused upload.
/// </summary>
public static class FileAdminEndpoints
{
    public const string RoutePrefix = "/admin/files";

    public static IEndpointRouteBuilder MapFileAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPut(RoutePrefix + "/{**key}", PutAsync).WithTags("Admin").RequireApiKey(ApiRole.Admin)
            // No Accepts metadata: routing would refuse other media types with a bare 415 before the handler, and a
            // product file may be of any type; the handler itself refuses multipart and a missing Content-Type.
            .WithSummary("Uploads a product file: the raw body, stored with its Content-Type");
        return app;
    }

    public static async Task<Results<Created<FileStored>, ProblemHttpResult>> PutAsync(
        string key, HttpContext context, IFileStore files, IOptions<FileStoreOptions> options)
    {
        var request = context.Request;
        var limit = options.Value.MaxUploadBytes;
        if (!FileKey.IsValid(key))
        {
            return ApiProblem.BadRequest(
                FileErrorCodes.InvalidFileKey, FileKey.Rule);
        }

        if (string.IsNullOrWhiteSpace(request.ContentType) || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.MatchesAllTypes)
        {
            return ApiProblem.Create(
                StatusCodes.Status415UnsupportedMediaType, FileErrorCodes.MissingContentType, "Send the file's media type as Content-Type, e.g. application/pdf.");
        }

        if (mediaType.Type.Equals("multipart", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblem.Create(
                StatusCodes.Status415UnsupportedMediaType, "multipart_not_supported", "Send the file itself as the body, with its own Content-Type, not a multipart form.");
        }

        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        // Kestrel's own cap (30 MB by default) would cut a large installer off mid-stream with an error of its own;
        // the store counts the bytes against Files:MaxUploadBytes instead and answers with ours.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var stored = await files.PutAsync(key, request.Body, request.ContentType, request.ContentLength, context.RequestAborted);
        return stored switch
        {
            { Stored: true } => TypedResults.Created($"{RoutePrefix}/{key}", new FileStored(key, stored.Length, request.ContentType)),
            { ErrorCode: FileErrorCodes.FileTooLarge } => TooLarge(limit),
            { ErrorCode: FileErrorCodes.MissingContentType } => ApiProblem.Create(StatusCodes.Status415UnsupportedMediaType, stored.ErrorCode, stored.Error!),
            _ => ApiProblem.BadRequest(stored.ErrorCode!, stored.Error!),
        };
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        ApiProblem.Create(
            StatusCodes.Status413PayloadTooLarge, FileErrorCodes.FileTooLarge, $"The file is larger than the {limit:N0} bytes allowed (Files:MaxUploadBytes). Nothing was stored.");
}
