using System.Net.Mail;
using System.Text;
using static Orleans.Delivery.Silo.Mail.EmailHtml;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Builds one email's HTML and plain-text parts side by side, block by block, so the two always say the same.
/// The HTML is a centred 600-pixel table with inline styles: the layout email clients (Outlook included) render
/// alike. Every piece of text is encoded here; callers pass plain text unless a method says otherwise.
/// </summary>
internal sealed class EmailLetter
{
    private const string Presentation = "role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\"";
    private const string LabelStyle = "margin:0 0 4px;font-size:12px;line-height:1.4;color:" + MutedColor + ";text-transform:uppercase;letter-spacing:0.06em;";
    private const string CodeStyle =
        "font-family:" + MonospaceFonts + ";font-size:18px;line-height:1.5;color:#102a43;white-space:nowrap;word-break:keep-all;"
        + "overflow-wrap:normal;-webkit-user-select:all;user-select:all;";

    private readonly StoreBranding _branding;
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public EmailLetter(StoreBranding branding) => _branding = branding;

    public void Heading(string text)
    {
        _html.Append("<h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;font-weight:bold;color:").Append(TextColor).Append(";\">")
            .Append(Encode(text)).Append("</h1>\n");
        _text.Append(text).Append('\n').Append(new string('=', Math.Min(text.Length, 60))).Append("\n\n");
    }

    public void SubHeading(string text)
    {
        _html.Append("<h2 style=\"margin:24px 0 8px;font-size:17px;line-height:1.4;font-weight:bold;color:").Append(TextColor).Append(";\">")
            .Append(Encode(text)).Append("</h2>\n");
        _text.Append(text).Append('\n').Append(new string('-', Math.Min(text.Length, 60))).Append("\n\n");
    }

    public void Paragraph(string text) => Paragraph(Encode(text), text);

    /// <summary>A paragraph from HTML the caller has already encoded, and its plain-text equivalent.</summary>
    public void Paragraph(string html, string text, string? style = null)
    {
        _html.Append("<p style=\"margin:0 0 16px;").Append(style).Append("\">").Append(html).Append("</p>\n");
        if (text.Length > 0)
        {
            _text.Append(text).Append("\n\n");
        }
    }

    /// <summary>A highlighted one-line note, e.g. that this is a resend.</summary>
    public void Notice(string text)
    {
        _html.Append("<table ").Append(Presentation).Append(" width=\"100%\" style=\"margin:0 0 16px;\"><tr>")
            .Append("<td style=\"padding:10px 14px;background-color:#fff8e1;border-left:4px solid #f0b429;border-radius:4px;font-size:15px;line-height:1.5;color:")
            .Append(TextColor).Append(";\">").Append(Encode(text)).Append("</td></tr></table>\n");
        _text.Append("* ").Append(text).Append(" *\n\n");
    }

    /// <summary>
    /// One code (and its PIN) in a box of its own, in monospace, never wrapped, selectable with one tap; in the text
    /// part, each value alone on its line so that copying takes nothing else. A top-up's confirmation is shown as
    /// wrapped text instead, and the supplier's instructions for the item, if any, below it.
    /// </summary>
    public void CodeBox(string label, DeliveredCode item)
    {
        _html.Append("<table ").Append(Presentation).Append(" width=\"100%\" style=\"margin:0 0 12px;border-collapse:separate;\"><tr>")
            .Append("<td style=\"padding:12px 16px;background-color:").Append(PageColor).Append(";border:1px solid #cbd2d9;border-radius:6px;\">")
            .Append("<p style=\"").Append(LabelStyle).Append("\">").Append(Encode(label)).Append("</p>");
        if (item.Confirmation)
        {
            _html.Append("<p style=\"margin:0;font-size:16px;line-height:1.5;color:").Append(TextColor).Append(";\">").Append(Encode(item.Code)).Append("</p>");
        }
        else
        {
            _html.Append("<p style=\"margin:0;\"><code style=\"").Append(CodeStyle).Append("\">").Append(Encode(item.Code)).Append("</code></p>");
        }

        _text.Append(label).Append(":\n").Append(item.Code).Append('\n');
        if (!string.IsNullOrEmpty(item.Pin))
        {
            _html.Append("<p style=\"").Append(LabelStyle).Append("margin-top:10px;\">PIN</p>")
                .Append("<p style=\"margin:0;\"><code style=\"").Append(CodeStyle).Append("\">").Append(Encode(item.Pin)).Append("</code></p>");
            _text.Append("PIN:\n").Append(item.Pin).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(item.Instructions))
        {
            var instructions = item.Instructions.Trim();
            _html.Append("<p style=\"margin:10px 0 0;font-size:14px;line-height:1.5;color:").Append(MutedColor).Append(";\">").Append(Encode(instructions)).Append("</p>");
            _text.Append(instructions).Append('\n');
        }

        _html.Append("</td></tr></table>\n");
        _text.Append('\n');
    }

    /// <summary>Text shown exactly as given (line breaks and spacing kept), in monospace.</summary>
    public void Preformatted(string text)
    {
        _html.Append("<pre style=\"margin:0 0 16px;padding:12px 16px;background-color:").Append(PageColor)
            .Append(";border:1px solid #cbd2d9;border-radius:6px;font-family:").Append(MonospaceFonts)
            .Append(";font-size:15px;line-height:1.5;color:#102a43;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;\">")
            // Line by line: the encoder would turn line breaks into character references, unreadable in the source.
            .AppendJoin('\n', text.ReplaceLineEndings("\n").Split('\n').Select(Encode)).Append("</pre>\n");
        _text.Append(text.TrimEnd()).Append("\n\n");
    }

    /// <summary>A button that is a real link (a table cell, so Outlook draws it), with the URL in the text part.</summary>
    public void Button(string label, Uri url, string? accessibleName = null)
    {
        _html.Append("<table ").Append(Presentation).Append(" style=\"margin:4px 0 16px;\"><tr>")
            .Append("<td style=\"border-radius:6px;background-color:").Append(ButtonColor).Append(";\">")
            .Append("<a href=\"").Append(Encode(url.AbsoluteUri)).Append('"');
        if (accessibleName is not null)
        {
            _html.Append(" aria-label=\"").Append(Encode(accessibleName)).Append('"');
        }

        _html.Append(" target=\"_blank\" style=\"display:inline-block;padding:12px 24px;font-family:").Append(SansFonts)
            .Append(";font-size:16px;font-weight:bold;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:6px;\">")
            .Append(Encode(label)).Append("</a></td></tr></table>\n");
        _text.Append(accessibleName ?? label).Append('\n').Append(url.AbsoluteUri).Append("\n\n");
    }

    /// <summary>HTML the caller made safe (rendered Markdown), with its plain-text equivalent.</summary>
    public void Trusted(string html, string text)
    {
        _html.Append("<div style=\"margin:0 0 16px;\">").Append(html).Append("</div>\n");
        _text.Append(text.Trim()).Append("\n\n");
    }

    /// <summary>Opens a bordered box (one product); close it with <see cref="EndBox"/>.</summary>
    public void BeginBox()
    {
        _html.Append("<table ").Append(Presentation).Append(" width=\"100%\" style=\"margin:0 0 16px;border-collapse:separate;\"><tr>")
            .Append("<td style=\"padding:16px;border:1px solid ").Append(BorderColor).Append(";border-radius:6px;\">\n");
    }

    public void EndBox() => _html.Append("</td></tr></table>\n");

    /// <summary>"Need help?" with the support address as a mailto link.</summary>
    public void SupportContact()
    {
        var support = _branding.SupportEmail;
        var link = MailAddress.TryCreate(support, out var address)
            ? $"<a href=\"mailto:{Encode(address.Address)}\" style=\"color:{LinkColor};\">{Encode(address.Address)}</a>"
            : Encode(support);
        Paragraph(
            $"Need help? Reply to this email or write to us at {link}.",
            $"Need help? Reply to this email or write to us at {support}.");
    }

    /// <summary>A link inside a sentence: the link text says where it goes.</summary>
    public void LinkParagraph(string before, string linkText, Uri url, string after = ".")
    {
        Paragraph(
            $"{Encode(before)}<a href=\"{Encode(url.AbsoluteUri)}\" target=\"_blank\" style=\"color:{LinkColor};text-decoration:underline;\">{Encode(linkText)}</a>{Encode(after)}",
            $"{before}{linkText}{after}\n{url.AbsoluteUri}");
    }

    /// <summary>The whole email: header with logo, the blocks so far in a white card, and a footer.</summary>
    public (string Html, string Text) Render(string subject, string preheader, string orderId)
    {
        var store = _branding.StoreName;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n")
            .Append("<meta name=\"x-apple-disable-message-reformatting\">\n<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>").Append(Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:").Append(PageColor).Append(";\">\n")
            // The preheader: the line inboxes show next to the subject, hidden in the message itself.
            .Append("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\" aria-hidden=\"true\">").Append(Encode(preheader)).Append("</div>\n")
            .Append("<table ").Append(Presentation).Append(" width=\"100%\" style=\"background-color:").Append(PageColor).Append(";\"><tr>")
            .Append("<td align=\"center\" style=\"padding:24px 12px;\">\n")
            .Append("<table ").Append(Presentation).Append(" width=\"600\" style=\"width:100%;max-width:600px;\">\n")
            .Append("<tr><td align=\"center\" style=\"padding:8px 0 20px;font-family:").Append(SansFonts).Append(";\">");
        if (TryGetWebUrl(_branding.LogoUrl, out var logo))
        {
            html.Append("<img src=\"").Append(Encode(logo.AbsoluteUri)).Append("\" alt=\"").Append(Encode(store))
                .Append("\" width=\"160\" style=\"display:block;margin:0 auto;width:160px;max-width:160px;height:auto;border:0;outline:none;text-decoration:none;font-size:20px;font-weight:bold;color:")
                .Append(TextColor).Append(";\">");
        }
        else
        {
            html.Append("<span style=\"font-size:22px;font-weight:bold;color:").Append(TextColor).Append(";\">").Append(Encode(store)).Append("</span>");
        }

        html.Append("</td></tr>\n")
            .Append("<tr><td style=\"padding:32px;background-color:#ffffff;border:1px solid ").Append(BorderColor)
            .Append(";border-radius:8px;font-family:").Append(SansFonts).Append(";font-size:16px;line-height:1.5;color:").Append(TextColor).Append(";\">\n")
            .Append(_html)
            .Append("</td></tr>\n")
            .Append("<tr><td align=\"center\" style=\"padding:20px 8px;font-family:").Append(SansFonts).Append(";font-size:13px;line-height:1.5;color:")
            .Append(MutedColor).Append(";\">")
            .Append("<p style=\"margin:0 0 4px;\">").Append(Encode(store)).Append(" &middot; Order ").Append(Encode(orderId)).Append("</p>")
            .Append("<p style=\"margin:0;\">You are receiving this email because you placed an order at ").Append(Encode(store)).Append(".</p>")
            .Append("</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n");

        var text = new StringBuilder()
            .Append(store).Append("\n\n")
            .Append(_text)
            .Append("--\n").Append(store).Append(" · Order ").Append(orderId).Append('\n')
            .Append("You are receiving this email because you placed an order at ").Append(store).Append(".\n");

        // RFC 5322 lines end in CRLF: the text every provider gets is already in the form a message carries it.
        return (html.ToString().ReplaceLineEndings("\r\n"), text.ToString().ReplaceLineEndings("\r\n"));
    }
}
