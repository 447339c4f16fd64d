using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The page behind the email's "Download Now" button. Opening it counts nothing (mail scanners open links); its
/// button POSTs, which counts one download and redirects to a fresh short-lived file URL. It never contains a file
/// URL itself.
/// </summary>
public static class DownloadPage
{
    public const string Title = "Your download";

    public static string Render(DownloadPageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new StringBuilder(1024);
        body.Append("<section class=\"card\" aria-labelledby=\"product\">\n")
            .Append("<h1 id=\"product\">").Append(Html.Encode(view.ProductName)).Append("</h1>\n")
            .Append("<div class=\"meta\">");
        if (!string.IsNullOrWhiteSpace(view.FileName))
        {
            body.Append("<span>File: <strong>").Append(Html.Encode(view.FileName)).Append("</strong></span>");
        }

        body.Append("<span>Downloads left: <strong>").Append(Html.Encode(DownloadsLeft.Describe(view.Left, view.Allowed))).Append("</strong></span></div>\n")
            .Append("<form method=\"post\"");
        if (Html.SafeUrl(view.ActionUrl) is { } action)
        {
            body.Append(" action=\"").Append(Html.Encode(action)).Append('"');
        }

        body.Append(">\n<button type=\"submit\">Download now</button>\n</form>\n")
            .Append("<p class=\"muted\">Your download starts right away. ");
        if (view.Allowed is not null)
        {
            body.Append("Each press of the button counts as one download. ");
        }

        body.Append("You can come back to this page at any time for a fresh download.</p>\n");
        if (Html.SafeUrl(view.AccountUrl) is { } account)
        {
            body.Append("<p><a href=\"").Append(Html.Encode(account)).Append("\">See all your digital products</a></p>\n");
        }

        body.Append("</section>\n");
        return PageLayout.Render(view.Store, Title, body.ToString());
    }
}
