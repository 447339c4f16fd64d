using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>The palette, fonts and encoding shared by the delivery emails.</summary>
internal static class EmailHtml
{
    public const string SansFonts = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    public const string MonospaceFonts = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono','Courier New',monospace";
    public const string TextColor = "#1f2933";
    public const string MutedColor = "#616e7c";
    public const string PageColor = "#f5f7fa";
    public const string BorderColor = "#e4e7eb";
    public const string LinkColor = "#1d4ed8";
    public const string ButtonColor = "#1d4ed8";

    // All of Unicode passes as itself (names, product titles in any script); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text as HTML content or a quoted attribute value.</summary>
    public static string Encode(string? text) => text is null ? string.Empty : Encoder.Encode(text);

    /// <summary>An absolute http(s) or mailto URL: what a link in merchant-written Markdown may point to.</summary>
    public static bool TryGetLinkUrl(string? text, [NotNullWhen(true)] out Uri? url)
    {
        if (TryGetWebUrl(text, out url))
        {
            return true;
        }

        if (Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeMailto)
        {
            url = parsed;
            return true;
        }

        url = null;
        return false;
    }

    /// <summary>An absolute http(s) URL: the only kind we put in an href or src.</summary>
    public static bool TryGetWebUrl(string? text, [NotNullWhen(true)] out Uri? url)
    {
        if (Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
        {
            url = parsed;
            return true;
        }

        url = null;
        return false;
    }
}
