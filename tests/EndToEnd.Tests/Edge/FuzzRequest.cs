using System.Text;
using System.Text.Json;
using Orleans.Delivery.EndToEnd.Tests.Files;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// One request of the edge fuzz, with everything needed to send it again by hand, and what it may be answered:
/// anything but a 5xx, and a 4xx when <see cref="MustRefuse"/>.
/// </summary>
/// <param name="Number">Its place in the generated sequence (same seed, same request).</param>
/// <param name="Family">The endpoint family, e.g. <c>stripe</c>.</param>
/// <param name="What">What is hostile about it.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query, already percent-encoded.</param>
/// <param name="Body">The raw body, or null for none.</param>
/// <param name="ContentType">The <c>Content-Type</c> sent with the body, verbatim; null for none.</param>
/// <param name="Headers">Other request headers, verbatim.</param>
/// <param name="MustRefuse">The request must be refused (4xx): it is hostile in a way the edge must catch.</param>
/// <param name="ExpectedCode">The Problem Details <c>code</c> the answer must carry, when it is known.</param>
/// <param name="Chunked">Send the body without a <c>Content-Length</c>.</param>
internal sealed record FuzzRequest(
    int Number,
    string Family,
    string What,
    HttpMethod Method,
    string Path,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null,
    bool MustRefuse = false,
    string? ExpectedCode = null,
    bool Chunked = false)
{
    private const int ShownBodyBytes = 600;

    public HttpRequestMessage ToMessage(Uri gateway)
    {
        var message = new HttpRequestMessage(Method, new Uri(gateway, Path));
        if (Body is not null)
        {
            HttpContent content = Chunked ? new StreamContent(new ForwardOnlyStream(Body)) : new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
        }

        foreach (var (name, value) in Headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>The request as a reader can replay it: method, path, headers and the body (escaped, or base64 when not UTF-8).</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(CultureInfoInvariant($"#{Number} [{Family}] {What}: {Method} {Path}"));
        foreach (var (name, value) in Headers ?? [])
        {
            text.Append(CultureInfoInvariant($"\n    {name}: {Shorten(value)}"));
        }

        if (ContentType is not null)
        {
            text.Append(CultureInfoInvariant($"\n    Content-Type: {ContentType}"));
        }

        if (Body is not null)
        {
            text.Append(CultureInfoInvariant($"\n    body ({Body.Length} bytes{(Chunked ? ", chunked" : "")}): {Show(Body)}"));
        }

        return text.ToString();
    }

    private static string Show(byte[] body)
    {
        var more = body.Length > ShownBodyBytes ? "…" : "";
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return "base64:" + Convert.ToBase64String(body.AsSpan(0, Math.Min(body.Length, ShownBodyBytes))) + more;
        }

        var text = Encoding.UTF8.GetString(body);
        return JsonSerializer.Serialize(text[..Math.Min(text.Length, ShownBodyBytes)]) + more;
    }

    private static string Shorten(string value) => value.Length <= 200 ? value : value[..200] + $"…({value.Length} chars)";

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
