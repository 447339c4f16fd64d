using System.Net.Mail;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>Encoding for the pages: every value that reaches HTML goes through here.</summary>
internal static class Html
{
    // All ranges allowed so names in any script stay readable in the source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text for an element's content or a quoted attribute value.</summary>
    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? string.Empty : Encoder.Encode(text);

    /// <summary>
    /// A URL fit for href/src/action: absolute http(s), or a path on this site; null for anything else (a
    /// <c>javascript:</c> URL in a catalog field must not become a link).
    /// </summary>
    public static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.Contains('\\', StringComparison.Ordinal))
        {
            return trimmed;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
    }

    /// <summary>A <c>mailto:</c> link for a valid address, or the address as plain text.</summary>
    public static string MailLink(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return string.Empty;
        }

        var trimmed = address.Trim();
        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed
            ? $"<a href=\"mailto:{Encode(trimmed)}\">{Encode(trimmed)}</a>"
            : Encode(trimmed);
    }
}
