using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Orleans.Delivery.Silo.Delivery;

/// <summary>What a merchant's answer may be: plain text with Markdown, never HTML.</summary>
public static class MerchantAnswers
{
    // HTML recognised as CommonMark does (blocks, inline tags, comments), so an autolink such as <https://…> or a tag
    // written inside a code span is not HTML, and any tag elsewhere is.
    private static readonly MarkdownPipeline Detect = new MarkdownPipelineBuilder().Build();

    /// <summary>Whether <paramref name="text"/> holds HTML anywhere (a tag, a comment, a declaration).</summary>
    public static bool ContainsHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = Markdown.Parse(text, Detect);
        return document.Descendants<HtmlBlock>().Any() || document.Descendants<HtmlInline>().Any();
    }
}
