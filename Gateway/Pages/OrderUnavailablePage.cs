using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The page for an order link that cannot show an order: not one of ours (cut short, changed), or expired.</summary>
public static class OrderUnavailablePage
{
    /// <summary>The HTTP status to answer with: 403 for an expired link, 404 otherwise.</summary>
    public static int StatusCodeFor(bool expired) => expired ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;

    public static string Title(bool expired) => expired ? "This order link has expired" : "This order link doesn’t work";

    public static string Render(StoreBranding store, bool expired, string? orderId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var title = Title(expired);
        var support = Html.MailLink(store.SupportEmail);
        var order = string.IsNullOrWhiteSpace(orderId) ? string.Empty : $" and mention order <strong>{Html.Encode(orderId)}</strong>";
        var body = new StringBuilder(1024)
            .Append("<section class=\"card\" aria-labelledby=\"title\">\n")
            .Append("<h1 id=\"title\">").Append(Html.Encode(title)).Append("</h1>\n")
            .Append(expired
                ? "<p class=\"notice\">This link was only valid for a limited time.</p>\n"
                : "<p class=\"notice\">We couldn’t find an order for this link. It may be incomplete: some email apps cut long links in two.</p>\n")
            .Append("<p>Open the “your order page” link in your delivery email again: it shows your codes at any time.</p>\n");
        if (support.Length > 0)
        {
            body.Append("<p>Still stuck? Write to ").Append(support).Append(order).Append(".</p>\n");
        }

        body.Append("</section>\n");
        return PageLayout.Render(store, title, body.ToString());
    }
}
