using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Writes the delivery emails: codes, file downloads and merchant licenses, each as HTML and plain text in the
/// store's name. Pure: the same input gives the same email, byte for byte.
/// </summary>
public static partial class DeliveryEmailComposer
{
    /// <summary>The line a resent email carries.</summary>
    public const string ResendLine = "You asked us to send this again, so here it is.";

    /// <summary>
    /// The email for <paramref name="email"/>, with a Message-ID derived from <paramref name="idempotencyKey"/>
    /// (the effect's key: the same for a retried send, a new one for each resend).
    /// </summary>
    /// <exception cref="ArgumentException">A required field is empty, or one of our own URLs is not absolute http(s).</exception>
    public static OutgoingEmail Compose(DeliveryEmail email, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(email.Branding);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.Branding.StoreName);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.Branding.SenderAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.CustomerEmail);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.OrderId);

        var (subject, html, text) = email switch
        {
            CodeDeliveryEmail codes => Codes(codes),
            FileDeliveryEmail files => Files(files),
            LicenseDeliveryEmail license => License(license),
            _ => throw new ArgumentException($"No email is written for {email.GetType().Name}.", nameof(email)),
        };
        var branding = email.Branding;
        return new OutgoingEmail(
            email.CustomerEmail.Trim(),
            NullIfEmpty(OneLine(email.CustomerName)),
            branding.SenderAddress.Trim(),
            OneLine(branding.SenderName) is { Length: > 0 } senderName ? senderName : OneLine(branding.StoreName),
            NullIfEmpty(branding.SupportEmail?.Trim()),
            subject,
            html,
            text,
            OutgoingEmail.MessageIdFor(idempotencyKey),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                // RFC 3834: an automatic message; well-behaved auto-responders do not answer it.
                ["Auto-Submitted"] = "auto-generated",
                ["X-Delivery-Order-ID"] = OneLine(email.OrderId),
            });
    }

    private static (string Subject, string Html, string Text) Codes(CodeDeliveryEmail email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email.ProductName);
        if (email.Items is not { Count: > 0 } || email.Items.Any(i => string.IsNullOrWhiteSpace(i?.Code)))
        {
            throw new ArgumentException("A code email needs at least one code, and no empty ones.", nameof(email));
        }

        var orderPage = OwnUrl(email.OrderPageUrl, nameof(email.OrderPageUrl));
        var many = email.Items.Count > 1;
        var product = OneLine(email.ProductName);
        var denomination = NullIfEmpty(OneLine(email.Denomination));
        var productWithValue = denomination is null ? product : $"{product} ({denomination})";

        // A top-up the supplier confirmed instead of coding: there is nothing to copy or keep private, only the news.
        if (email.Items.All(i => i.Confirmation))
        {
            return TopUp(email, orderPage, many, product, productWithValue);
        }

        var noun = many ? "codes" : "code";
        var subject = $"Your {product} {noun} from {OneLine(email.Branding.StoreName)}";

        var letter = Open(email, many ? "Your codes are ready" : "Your code is ready");
        letter.Paragraph(
            $"Thank you for your order. Here {(many ? "are your codes" : "is your code")} for <strong>{EmailHtml.Encode(productWithValue)}</strong>.",
            $"Thank you for your order. Here {(many ? "are your codes" : "is your code")} for {productWithValue}.");
        for (var i = 0; i < email.Items.Count; i++)
        {
            var label = email.Items[i].Confirmation ? "Confirmation" : many ? "Code" : "Your code";
            letter.CodeBox(many ? string.Create(CultureInfo.InvariantCulture, $"{label} {i + 1} of {email.Items.Count}") : label, email.Items[i]);
        }

        letter.Paragraph(
            $"Keep {(many ? "these codes" : "this code")} private: anyone who has {(many ? "them" : "it")} can use {(many ? "them" : "it")}.",
            $"Keep {(many ? "these codes" : "this code")} private: anyone who has {(many ? "them" : "it")} can use {(many ? "them" : "it")}.",
            "font-size:14px;color:" + EmailHtml.MutedColor + ";");
        // The activation URL is the merchant's: a scheme other than http(s) is left out rather than linked.
        if (EmailHtml.TryGetWebUrl(email.ActivationUrl, out var activation))
        {
            letter.Button(many ? "Redeem your codes" : "Redeem your code", activation);
        }

        Instructions(letter, "How to redeem", email.Instructions);
        letter.LinkParagraph("You can see this order at any time on ", "your order page", orderPage);
        letter.SupportContact();
        var (html, text) = letter.Render(subject, $"Your {noun} for {productWithValue} {(many ? "are" : "is")} inside.", email.OrderId);
        return (subject, html, text);
    }

    private static (string Subject, string Html, string Text) TopUp(CodeDeliveryEmail email, Uri orderPage, bool many, string product, string productWithValue)
    {
        var subject = $"Your {product} top-up from {OneLine(email.Branding.StoreName)}";
        var letter = Open(email, "Your top-up is done");
        letter.Paragraph(
            $"Thank you for your order. Your top-up of <strong>{EmailHtml.Encode(productWithValue)}</strong> is done. Here is the confirmation.",
            $"Thank you for your order. Your top-up of {productWithValue} is done. Here is the confirmation.");
        for (var i = 0; i < email.Items.Count; i++)
        {
            letter.CodeBox(many ? string.Create(CultureInfo.InvariantCulture, $"Confirmation {i + 1} of {email.Items.Count}") : "Confirmation", email.Items[i]);
        }

        Instructions(letter, "Instructions", email.Instructions);
        letter.LinkParagraph("You can see this order at any time on ", "your order page", orderPage);
        letter.SupportContact();
        var (html, text) = letter.Render(subject, $"Your top-up of {productWithValue} is done.", email.OrderId);
        return (subject, html, text);
    }

    private static (string Subject, string Html, string Text) Files(FileDeliveryEmail email)
    {
        if (email.Products is not { Count: > 0 } || email.Products.Any(p => p is null || string.IsNullOrWhiteSpace(p.ProductName)))
        {
            throw new ArgumentException("A file email needs at least one product, each with a name.", nameof(email));
        }

        var account = OwnUrl(email.AccountUrl, nameof(email.AccountUrl));
        var many = email.Products.Count > 1;
        var store = OneLine(email.Branding.StoreName);
        var subject = many
            ? $"Your downloads from {store} are ready"
            : $"Your download is ready: {OneLine(email.Products[0].ProductName)}";

        var letter = Open(email, many ? "Your downloads are ready" : "Your download is ready");
        letter.Paragraph(
            $"Thank you for your order. {(many ? "Your files are" : "Your file is")} ready to download.");
        foreach (var product in email.Products)
        {
            var name = OneLine(product.ProductName);
            var link = OwnUrl(product.DownloadUrl, nameof(DownloadableProduct.DownloadUrl));
            letter.BeginBox();
            var left = DownloadsLeft(product.DownloadsLeft);
            letter.Paragraph($"<strong style=\"font-size:17px;\">{EmailHtml.Encode(name)}</strong>", $"{name}\n{left}", "margin:0 0 4px;");
            letter.Paragraph(left, string.Empty, "margin:0 0 12px;font-size:14px;color:" + EmailHtml.MutedColor + ";");
            if (product.DownloadsLeft is not <= 0)
            {
                letter.Button("Download Now", link, many ? $"Download Now: {name}" : null);
                letter.Paragraph(
                    $"Button not working? Copy this link into your browser:<br><a href=\"{EmailHtml.Encode(link.AbsoluteUri)}\" target=\"_blank\" style=\"color:{EmailHtml.LinkColor};word-break:break-all;\">{EmailHtml.Encode(link.AbsoluteUri)}</a>",
                    string.Empty,
                    "margin:0;font-size:13px;color:" + EmailHtml.MutedColor + ";");
            }
            else
            {
                letter.Paragraph("You have used all the downloads for this product. Write to us if you need another.", "You have used all the downloads for this product. Write to us if you need another.", "margin:0;font-size:14px;");
            }

            letter.EndBox();
        }

        var limited = email.Products.Any(p => p.DownloadsLeft is not null);
        letter.LinkParagraph(
            limited
                ? "Each download counts towards your limit. You can come back at any time for a fresh download link, as long as you have downloads left, from "
                : "You can come back at any time for a fresh download link from ",
            "your account",
            account);
        letter.SupportContact();
        var preheader = many ? $"{email.Products.Count} files are ready to download." : $"{OneLine(email.Products[0].ProductName)} is ready to download.";
        var (html, text) = letter.Render(subject, preheader, email.OrderId);
        return (subject, html, text);
    }

    private static (string Subject, string Html, string Text) License(LicenseDeliveryEmail email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email.ProductName);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.LicenseText);
        var orderPage = OwnUrl(email.OrderPageUrl, nameof(email.OrderPageUrl));
        var product = OneLine(email.ProductName);
        var subject = $"Your {product} license from {OneLine(email.Branding.StoreName)}";

        var responses = email.Responses is { Count: > 1 } many ? many : [email.LicenseText];
        var letter = Open(email, responses.Count > 1 ? "Your licenses are ready" : "Your license is ready");
        letter.Paragraph(
            responses.Count > 1
                ? $"Thank you for your order. Here are your {responses.Count} licenses for <strong>{EmailHtml.Encode(product)}</strong>."
                : $"Thank you for your order. Here is your license for <strong>{EmailHtml.Encode(product)}</strong>.",
            responses.Count > 1
                ? $"Thank you for your order. Here are your {responses.Count} licenses for {product}."
                : $"Thank you for your order. Here is your license for {product}.");
        for (var i = 0; i < responses.Count; i++)
        {
            if (responses.Count > 1)
            {
                letter.SubHeading(string.Create(CultureInfo.InvariantCulture, $"License {i + 1} of {responses.Count}"));
            }

            // The merchant's answer is Markdown (HTML was refused before it got here): rendered safely for the HTML part,
            // kept as written for the text part.
            letter.BeginBox();
            letter.Trusted(SafeMarkdown.ToHtml(responses[i]), responses[i].ReplaceLineEndings("\n"));
            letter.EndBox();
        }

        Instructions(letter, "Instructions", email.Instructions);
        letter.LinkParagraph("You can see this order at any time on ", "your order page", orderPage);
        letter.SupportContact();
        var (html, text) = letter.Render(subject, $"Your license for {product} is inside.", email.OrderId);
        return (subject, html, text);
    }

    private static EmailLetter Open(DeliveryEmail email, string heading)
    {
        var letter = new EmailLetter(email.Branding);
        letter.Heading(heading);
        letter.Paragraph(OneLine(email.CustomerName) is { Length: > 0 } name ? $"Hi {name}," : "Hello,");
        if (email.Resend)
        {
            letter.Notice(ResendLine);
        }

        return letter;
    }

    private static void Instructions(EmailLetter letter, string heading, string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return;
        }

        letter.SubHeading(heading);
        // The plain-text part keeps the Markdown as written: it is made to be read as text, links included.
        letter.Trusted(SafeMarkdown.ToHtml(markdown), markdown.ReplaceLineEndings("\n"));
    }

    private static string DownloadsLeft(int? left) => left switch
    {
        null => "Unlimited downloads",
        <= 0 => "No downloads left",
        1 => "1 download left",
        _ => string.Create(CultureInfo.InvariantCulture, $"{left} downloads left"),
    };

    private static Uri OwnUrl(string? url, string name) =>
        EmailHtml.TryGetWebUrl(url, out var parsed) ? parsed : throw new ArgumentException($"{name} must be an absolute http(s) URL.", name);

    /// <summary>Collapses runs of whitespace, line breaks included, so a value is safe in a header or one line.</summary>
    private static string OneLine(string? value) =>
        value is null ? string.Empty : Whitespace().Replace(value, " ").Trim();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
