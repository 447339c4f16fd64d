using System.Globalization;
using System.Text;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// An order's page: status, lines, and what was delivered: codes and PINs in boxes that select whole with one click
/// (no script needed), or the license text, with activation instructions and the support contact.
/// </summary>
public static class OrderPage
{
    public static string Render(OrderPageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (label, tone, explanation) = Describe(view.Status);
        var title = "Order " + view.OrderId;
        var body = new StringBuilder(4096);
        body.Append("<section class=\"card\" aria-labelledby=\"title\">\n<h1 id=\"title\">Order ").Append(Html.Encode(view.OrderId)).Append("</h1>\n")
            .Append("<p>Status: <span class=\"status ").Append(tone).Append("\">").Append(Html.Encode(label)).Append("</span></p>\n");
        if (explanation is not null)
        {
            body.Append("<p class=\"muted\">").Append(Html.Encode(explanation)).Append("</p>\n");
        }

        if (view.Lines.Count > 0)
        {
            body.Append("<table>\n<caption class=\"vh\">Products in this order</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Product</th><th scope=\"col\" class=\"qty\">Qty</th></tr></thead>\n<tbody>\n");
            foreach (var line in view.Lines)
            {
                body.Append("<tr><td>").Append(Html.Encode(line.ProductName));
                if (!string.IsNullOrWhiteSpace(line.Denomination))
                {
                    body.Append(" <span class=\"muted\">(").Append(Html.Encode(line.Denomination)).Append(")</span>");
                }

                body.Append("</td><td class=\"qty\">").Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        body.Append("</section>\n");
        AppendDelivered(body, view);
        AppendInstructions(body, view.Instructions);

        if (Html.SafeUrl(view.DownloadsUrl) is { } downloads)
        {
            body.Append("<section class=\"card\" aria-labelledby=\"files\">\n<h2 id=\"files\">Files</h2>\n")
                .Append("<p>Your files are waiting in your digital products.</p>\n")
                .Append("<p><a class=\"button\" href=\"").Append(Html.Encode(downloads)).Append("\">Go to your digital products</a></p>\n</section>\n");
        }

        body.Append("<section class=\"card\" aria-labelledby=\"help\">\n<h2 id=\"help\">Need help?</h2>\n<p>Write to ")
            .Append(Html.MailLink(view.Store.SupportEmail)).Append(" and mention order <strong>").Append(Html.Encode(view.OrderId))
            .Append("</strong>.</p>\n</section>\n");
        return PageLayout.Render(view.Store, title, body.ToString());
    }

    /// <summary>The status in words, its colour, and what the buyer should expect.</summary>
    internal static (string Label, string Tone, string? Explanation) Describe(string? status) =>
        (status ?? string.Empty).Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "pending_payment" or "awaiting_payment" or "pending" =>
                ("Waiting for payment", "warn", "We deliver as soon as your payment is confirmed."),
            "paid" or "fulfilling" or "awaiting_supplier" or "retrying" or "processing" =>
                ("Being delivered", "warn", "Your payment is confirmed. Delivery usually takes under a minute: reload this page shortly."),
            "manual_review" or "in_review" or "review" =>
                ("Being checked", "warn", "Our team is checking this order by hand. You will get an email as soon as it is delivered."),
            "delivering" =>
                ("Being delivered", "warn", "Your order is ready: its email is on its way to you."),
            "delivered" or "fulfilled" or "completed" => ("Delivered", "ok", null),
            "refunded" => ("Refunded", "bad", "This order was refunded; its codes and downloads are no longer valid."),
            "payment_failed" or "failed" or "cancelled" or "canceled" =>
                ("Not completed", "bad", "The payment did not go through. You can try again from the store."),
            var other => (Humanize(other), string.Empty, null),
        };

    private static void AppendDelivered(StringBuilder body, OrderPageView view)
    {
        if (view.Codes.Count == 0 && string.IsNullOrWhiteSpace(view.LicenseText))
        {
            return;
        }

        var topUp = view.Codes.Count > 0 && view.Codes.All(c => c.Confirmation);
        body.Append("<section class=\"card\" aria-labelledby=\"delivered\">\n<h2 id=\"delivered\">Your ")
            .Append(topUp ? "top-up" : view.Codes.Count == 1 ? "code" : view.Codes.Count > 1 ? "codes" : "license").Append("</h2>\n");
        if (view.Codes.Count > 0 && !topUp)
        {
            body.Append("<p class=\"muted\">Click a code to select it, then copy it.</p>\n");
        }

        var number = 0;
        foreach (var code in view.Codes)
        {
            number++;
            // A code and its PIN and serial belong together: one box each, so the buyer copies the right pair.
            var label = code.Confirmation ? "Confirmation" : "Code";
            var name = view.Codes.Count > 1 ? label + " " + number.ToString(CultureInfo.InvariantCulture) : label;
            body.Append("<div class=\"codeset\" role=\"group\" aria-label=\"").Append(name).Append("\">\n");
            if (code.Confirmation)
            {
                // A top-up's confirmation is news to read, not a code to copy.
                AppendTextRow(body, label, code.Code);
            }
            else
            {
                AppendCodeRow(body, label, code.Code);
            }

            AppendCodeRow(body, "PIN", code.Pin);
            AppendCodeRow(body, "Serial", code.Serial);
            AppendTextRow(body, "How to redeem", code.Instructions);
            body.Append("</div>\n");
        }

        if (!string.IsNullOrWhiteSpace(view.LicenseText))
        {
            if (view.Codes.Count > 0)
            {
                body.Append("<h3>License</h3>\n");
            }

            body.Append("<pre class=\"license\" aria-label=\"License\">").Append(Html.Encode(view.LicenseText)).Append("</pre>\n");
        }

        body.Append("</section>\n");
    }

    private static void AppendCodeRow(StringBuilder body, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            body.Append("<div class=\"row\"><span class=\"label\">").Append(label).Append("</span><code>").Append(Html.Encode(value)).Append("</code></div>\n");
        }
    }

    private static void AppendTextRow(StringBuilder body, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            body.Append("<div class=\"row\"><span class=\"label\">").Append(label).Append("</span><span>").Append(Html.Encode(value.Trim())).Append("</span></div>\n");
        }
    }

    private static void AppendInstructions(StringBuilder body, IReadOnlyList<ProductInstructions> instructions)
    {
        var shown = instructions.Where(i => !string.IsNullOrWhiteSpace(i.Text) || Html.SafeUrl(i.ActivationUrl) is not null).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        body.Append("<section class=\"card\" aria-labelledby=\"howto\">\n<h2 id=\"howto\">How to activate</h2>\n");
        foreach (var item in shown)
        {
            if (shown.Count > 1)
            {
                body.Append("<h3>").Append(Html.Encode(item.ProductName)).Append("</h3>\n");
            }

            if (!string.IsNullOrWhiteSpace(item.Text))
            {
                body.Append("<p class=\"instructions\">").Append(Html.Encode(item.Text.Trim())).Append("</p>\n");
            }

            if (Html.SafeUrl(item.ActivationUrl) is { } activation)
            {
                body.Append("<p><a href=\"").Append(Html.Encode(activation)).Append("\" rel=\"noopener noreferrer\">Redeem at ")
                    .Append(Html.Encode(new Uri(activation, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(activation).Host : activation))
                    .Append("</a></p>\n");
            }
        }

        body.Append("</section>\n");
    }

    private static string Humanize(string status)
    {
        var words = status.Replace('_', ' ').Trim();
        return words.Length == 0 ? "Unknown" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
