using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Reads request bodies ourselves rather than through parameter binding, so that a body that is too large or is not
/// the JSON we expect gets our own Problem Details, and webhooks keep the exact bytes their signature covers.
/// </summary>
public static class RequestBody
{
    /// <summary>Webhook and API bodies above this are refused: 1 MiB.</summary>
    public const int DefaultLimit = 1024 * 1024;

    /// <summary>A body declared at most this long is read into an array of its length at once.</summary>
    private const int ExactUpTo = 64 * 1024;

    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, int limit = DefaultLimit)
    {
        if (request.ContentLength > limit)
        {
            return (null, ApiProblem.TooLarge(limit));
        }

        var aborted = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } length and <= ExactUpTo)
        {
            // A small declared length (webhooks are): read straight into the one array the body needs. The server
            // ends the body there. A larger one grows as its bytes arrive, so a sender that only declares a size
            // holds no memory for it.
            var body = new byte[length];
            var filled = 0;
            int got;
            while (filled < body.Length && (got = await request.Body.ReadAsync(body.AsMemory(filled), aborted)) > 0)
            {
                filled += got;
            }

            return (filled == body.Length ? body : body[..filled], null);
        }

        // Chunked or large: gathered until it ends or passes the limit.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, aborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, ApiProblem.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// Reads a JSON body of <paramref name="type"/>. A body declared as something other than JSON (a form, text,
    /// another charset) is refused with 415 before it is read; one declared as nothing is read as JSON.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int limit = DefaultLimit)
        where T : class
    {
        if (!IsJsonOrUndeclared(request.ContentType))
        {
            return (null, ApiProblem.UnsupportedMediaType("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json."));
        }

        var (body, problem) = await ReadBytesAsync(request, limit);
        if (problem is not null)
        {
            return (null, problem);
        }

        return ParseJson(body!, type);
    }

    /// <summary>True for no <c>Content-Type</c>, <c>application/json</c> or any <c>+json</c> type, in UTF-8 or no charset.</summary>
    public static bool IsJsonOrUndeclared(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    public static (T? Value, ProblemHttpResult? Problem) ParseJson<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
        where T : class
    {
        if (body.IsEmpty)
        {
            return (null, ApiProblem.BadRequest("empty_body", "The request body is empty; a JSON object was expected."));
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, type);
            return value is null
                ? (null, ApiProblem.BadRequest("malformed_json", "The request body is JSON null; a JSON object was expected."))
                : (value, null);
        }
        catch (JsonException e)
        {
            // JsonException's path and position help the caller; its message never contains server internals.
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : "";
            return (null, ApiProblem.BadRequest("malformed_json", $"The request body is not valid JSON of the expected shape{where}."));
        }
    }
}
