using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// A rendered page as an endpoint's answer, with the headers every page of ours wants: not cached (they hold
/// personal links), not framed, not indexed, no referrer (the URL holds a link token), and a content security
/// policy that allows our one inline style sheet and nothing else inline.
/// </summary>
public sealed class HtmlPageResult(string html, int statusCode = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    // No form-action: browsers apply it to the redirect after a POST, and the download button's POST redirects to
    // the file store's host (S3), which a form-action list would have to name.
    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src {PageLayout.StyleHash}; img-src https: http: data:; base-uri 'none'; frame-ancestors 'none'";

    public string Html { get; } = html;

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => "text/html; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers["Content-Security-Policy"] = ContentSecurityPolicy;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var bytes = Encoding.UTF8.GetBytes(Html);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
