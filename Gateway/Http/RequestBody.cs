using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// Reads request bodies ourselves rather than through parameter binding, so that a body that is too large or is not
/// the JSON we expect gets our own Problem Details, and webhooks keep the exact bytes their signature covers.
/// </summary>
public static class RequestBody
{
    /// <summary>Webhook and API bodies above this are refused: 1 MiB.</summary>
    public const int DefaultLimit = 1024 * 1024;

    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, int limit = DefaultLimit)
    {
        if (request.ContentLength > limit)
        {
            return (null, ApiProblem.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiProblem.TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int limit = DefaultLimit)
        where T : class
    {
        var (body, problem) = await ReadBytesAsync(request, limit);
        if (problem is not null)
        {
            return (null, problem);
        }

        return ParseJson(body!, type);
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
