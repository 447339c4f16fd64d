using Microsoft.Net.Http.Headers;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// <c>Content-Disposition: attachment</c> for a file name (RFC 6266): an ASCII <c>filename</c> for old browsers and
/// <c>filename*</c> (RFC 8187, UTF-8) when the name is not plain ASCII. Built with ASP.NET Core's
/// <see cref="ContentDispositionHeaderValue"/> rather than by hand, so quoting and escaping are its problem.
/// </summary>
public static class AttachmentDisposition
{
    /// <summary>The file name used when the catalog gives none, or nothing of it survives cleaning.</summary>
    public const string FallbackName = "download";

    public static string For(string? fileName)
    {
        var name = Clean(fileName);
        var header = new ContentDispositionHeaderValue("attachment");
        if (System.Text.Ascii.IsValid(name))
        {
            // Plain ASCII needs no filename*; the setter quotes and escapes it.
            header.FileName = name;
        }
        else
        {
            header.SetHttpFileName(name);
        }

        return header.ToString();
    }

    /// <summary>
    /// The name without directories or control characters: a browser must not be told to save "../x" or a name that
    /// breaks the header line.
    /// </summary>
    public static string Clean(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return FallbackName;
        }

        var cleaned = new string(fileName.Select(c => char.IsControl(c) || c is '/' or '\\' ? '_' : c).ToArray()).Trim();
        if (cleaned.Length > 200)
        {
            // Never split a surrogate pair: half an emoji is not a name.
            cleaned = cleaned[..(char.IsHighSurrogate(cleaned[199]) ? 199 : 200)];
        }

        // No leading dot: a saved file should not come out hidden.
        cleaned = cleaned.TrimStart('.', ' ').TrimEnd();
        return cleaned.Trim('.').Length == 0 ? FallbackName : cleaned;
    }
}
