namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// 303 See Other to a freshly minted file URL: the browser follows it with a GET, whatever method led here, and
/// neither caches it nor sends our page's address (which holds a link token) as the referrer.
/// </summary>
public sealed class SeeOtherResult(Uri location) : IResult, IStatusCodeHttpResult
{
    public Uri Location { get; } = location;

    public int? StatusCode => StatusCodes.Status303SeeOther;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = Location.AbsoluteUri;
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
