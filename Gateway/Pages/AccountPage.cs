using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>"Digital Products": every file the buyer owns, each with a button that counts a download and mints a fresh link.</summary>
public static class AccountPage
{
    public const string Title = "Digital Products";

    public static string Render(AccountPageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new StringBuilder(2048);
        body.Append("<section class=\"card\" aria-labelledby=\"title\">\n<h1 id=\"title\">").Append(Title).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(view.CustomerEmail))
        {
            body.Append("<p class=\"muted\">Purchases of ").Append(Html.Encode(view.CustomerEmail)).Append("</p>\n");
        }

        var licenses = view.Licenses ?? [];
        if (licenses.Count > 0)
        {
            // Shown as the merchant wrote it, as text: the order page does the same.
            body.Append("<h2>License keys</h2>\n<ul class=\"items\">\n");
            foreach (var license in licenses)
            {
                body.Append("<li>\n<h3>").Append(Html.Encode(license.ProductName)).Append("</h3>\n")
                    .Append("<div class=\"meta\"><span>Order <strong>").Append(Html.Encode(license.OrderId)).Append("</strong></span></div>\n");
                for (var i = 0; i < license.Texts.Count; i++)
                {
                    var label = license.Texts.Count > 1 ? $"License {i + 1} of {license.Texts.Count}" : "License";
                    body.Append("<pre class=\"license\" aria-label=\"").Append(Html.Encode(label)).Append("\">")
                        .Append(Html.Encode(license.Texts[i])).Append("</pre>\n");
                }

                if (!string.IsNullOrWhiteSpace(license.Instructions))
                {
                    body.Append("<p class=\"muted\">").Append(Html.Encode(license.Instructions)).Append("</p>\n");
                }

                body.Append("</li>\n");
            }

            body.Append("</ul>\n");
        }

        if (view.Items.Count == 0 && licenses.Count > 0)
        {
            body.Append("</section>\n");
            return PageLayout.Render(view.Store, Title, body.ToString());
        }

        if (view.Items.Count == 0)
        {
            body.Append("<p>You have no digital products yet. When you buy an e-book or software, it appears here, ")
                .Append("ready to download.</p>\n</section>\n");
            return PageLayout.Render(view.Store, Title, body.ToString());
        }

        body.Append("<ul class=\"items\">\n");
        foreach (var item in view.Items)
        {
            body.Append("<li>\n<h2>").Append(Html.Encode(item.ProductName)).Append("</h2>\n")
                .Append("<div class=\"meta\"><span>Order <strong>").Append(Html.Encode(item.OrderId)).Append("</strong></span>");
            if (item.Revoked)
            {
                body.Append("</div>\n<p class=\"notice bad\">Refunded: this product can no longer be downloaded.</p>\n</li>\n");
                continue;
            }

            body.Append("<span>Downloads left: <strong>").Append(Html.Encode(DownloadsLeft.Describe(item.Left, item.Allowed))).Append("</strong></span></div>\n");
            if (item.Left is 0)
            {
                body.Append("<p class=\"notice\">Download limit reached. Write to ").Append(Html.MailLink(view.Store.SupportEmail))
                    .Append(" if you need it again.</p>\n</li>\n");
                continue;
            }

            if (Html.SafeUrl(item.DownloadUrl) is { } action)
            {
                // Several buttons on one page: the hidden product name tells them apart for screen readers.
                body.Append("<form method=\"post\" action=\"").Append(Html.Encode(action)).Append("\">")
                    .Append("<button type=\"submit\">Download<span class=\"vh\"> ").Append(Html.Encode(item.ProductName))
                    .Append("</span></button></form>\n");
            }

            body.Append("</li>\n");
        }

        body.Append("</ul>\n</section>\n");
        return PageLayout.Render(view.Store, Title, body.ToString());
    }
}
