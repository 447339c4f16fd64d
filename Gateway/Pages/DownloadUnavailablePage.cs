using System.Globalization;
using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>The limit-reached, refunded, and unknown or expired link pages: what happened, what to do, whom to ask.</summary>
public static class DownloadUnavailablePage
{
    /// <summary>The HTTP status to answer the page with.</summary>
    public static int StatusCodeFor(DownloadUnavailableReason reason) => reason switch
    {
        DownloadUnavailableReason.LimitReached => StatusCodes.Status403Forbidden,
        DownloadUnavailableReason.Revoked => StatusCodes.Status410Gone,
        DownloadUnavailableReason.ExpiredLink => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status404NotFound,
    };

    public static string Title(DownloadUnavailableReason reason) => reason switch
    {
        DownloadUnavailableReason.LimitReached => "Download limit reached",
        DownloadUnavailableReason.Revoked => "This download is no longer available",
        DownloadUnavailableReason.ExpiredLink => "This link has expired",
        DownloadUnavailableReason.FileMissing => "This file isn’t available right now",
        _ => "This link doesn’t work",
    };

    public static string Render(DownloadUnavailableView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var product = string.IsNullOrWhiteSpace(view.ProductName) ? "this product" : $"<strong>{Html.Encode(view.ProductName)}</strong>";
        var support = Html.MailLink(view.Store.SupportEmail);
        var order = string.IsNullOrWhiteSpace(view.OrderId) ? string.Empty : $" and mention order <strong>{Html.Encode(view.OrderId)}</strong>";
        var title = Title(view.Reason);
        var body = new StringBuilder(1024);
        body.Append("<section class=\"card\" aria-labelledby=\"title\">\n")
            .Append("<h1 id=\"title\">").Append(Html.Encode(title)).Append("</h1>\n");
        switch (view.Reason)
        {
            case DownloadUnavailableReason.LimitReached:
                var used = view.Allowed is { } allowed
                    ? string.Create(CultureInfo.InvariantCulture, $"all {allowed} downloads")
                    : "all the downloads";
                body.Append("<p class=\"notice\">You have used ").Append(used).Append(" of ").Append(product).Append(".</p>\n")
                    .Append("<p>If you need to download it again, write to ").Append(support).Append(order)
                    .Append(".</p>\n");
                break;
            case DownloadUnavailableReason.Revoked:
                body.Append("<p class=\"notice bad\">The order for ").Append(product)
                    .Append(" was refunded, so its downloads were withdrawn.</p>\n")
                    .Append("<p>If you think this is a mistake, write to ").Append(support).Append(order).Append(".</p>\n");
                break;
            case DownloadUnavailableReason.ExpiredLink:
                body.Append("<p class=\"notice\">This link was only valid for a limited time.</p>\n")
                    .Append("<p>Open the link in your delivery email again, or go to your digital products to get a fresh one.</p>\n")
                    .Append("<p>Still stuck? Write to ").Append(support).Append(order).Append(".</p>\n");
                break;
            case DownloadUnavailableReason.FileMissing:
                body.Append("<p class=\"notice\">We couldn’t find the file of ").Append(product)
                    .Append(". Nothing was counted against your downloads.</p>\n")
                    .Append("<p>Please write to ").Append(support).Append(order).Append(" and we will sort it out.</p>\n");
                break;
            default:
                body.Append("<p class=\"notice\">We couldn’t find a download for this link. It may be incomplete: ")
                    .Append("some email apps cut long links in two.</p>\n")
                    .Append("<p>Press the “Download Now” button in your delivery email again, or go to your digital products.</p>\n")
                    .Append("<p>Still stuck? Write to ").Append(support).Append(order).Append(".</p>\n");
                break;
        }

        if (Html.SafeUrl(view.AccountUrl) is { } account)
        {
            body.Append("<p><a class=\"button\" href=\"").Append(Html.Encode(account)).Append("\">Go to your digital products</a></p>\n");
        }

        body.Append("</section>\n");
        return PageLayout.Render(view.Store, title, body.ToString());
    }
}
