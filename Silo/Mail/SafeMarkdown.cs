using Markdig;
using Markdig.Extensions.AutoLinks;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// Renders merchant-written Markdown (product instructions, webhook answers) for an email: raw HTML is shown as text,
/// only absolute http(s) and mailto links stay links (others, and images, keep just their text), and every element gets
/// inline styles because email clients drop style sheets.
/// </summary>
internal static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks(new AutoLinkOptions { UseHttpsForWWWLinks = true })
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            // Remote images in an email are tracking pixels at best; their alt text is what the buyer needs.
            if (link.IsImage || !EmailHtml.TryGetLinkUrl(link.Url, out var url))
            {
                Unwrap(link);
            }
            else
            {
                link.Url = url.AbsoluteUri;
                link.GetAttributes().AddProperty("style", $"color:{EmailHtml.LinkColor};text-decoration:underline;");
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!EmailHtml.TryGetLinkUrl(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, out _))
            {
                // Shown as the author wrote it, brackets included, but not as a link.
                autolink.ReplaceBy(new LiteralInline($"<{autolink.Url}>"));
            }
        }

        foreach (var node in document.Descendants())
        {
            var style = node switch
            {
                HeadingBlock => "margin:16px 0 8px;font-size:17px;line-height:1.4;font-weight:bold;",
                ParagraphBlock => "margin:0 0 12px;",
                ListBlock => "margin:0 0 12px;padding-left:24px;",
                QuoteBlock => "margin:0 0 12px;padding-left:12px;border-left:3px solid #cbd2d9;color:#52606d;",
                CodeBlock => $"margin:0 0 12px;padding:12px;background-color:#f5f7fa;border-radius:6px;font-family:{EmailHtml.MonospaceFonts};font-size:14px;white-space:pre-wrap;",
                CodeInline => $"font-family:{EmailHtml.MonospaceFonts};font-size:15px;background-color:#f5f7fa;padding:1px 4px;border-radius:3px;",
                _ => null,
            };
            if (style is not null)
            {
                node.GetAttributes().AddProperty("style", style);
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Replaces a link by its content.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }
}
