using System.Globalization;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>The characters text from outside may not hold; shared by <see cref="Identifier"/> and <see cref="FreeText"/>.</summary>
internal static class TextRules
{
    /// <summary>Why <paramref name="value"/> holds a character it may not, or null when it holds none.</summary>
    /// <param name="value">The text, as decoded from the request.</param>
    /// <param name="identifier">Apply the identifier's stricter rules (see <see cref="Identifier"/>).</param>
    /// <param name="multiline">Free text only: tab, line feed and carriage return are allowed.</param>
    public static string? Forbidden(string value, bool identifier, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return At(i, "an unpaired surrogate (not valid Unicode)");
            }

            if (!identifier && multiline && c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (char.IsControl(c))
            {
                return At(i, $"the control character U+{(int)c:X4}");
            }

            if (c is '\uFFFE' or '\uFFFF')
            {
                return At(i, $"the noncharacter U+{(int)c:X4}");
            }

            if (c is '\u2028' or '\u2029' && (identifier || !multiline))
            {
                return At(i, "a line or paragraph separator");
            }

            if (!identifier)
            {
                continue;
            }

            if (c == '\uFFFD')
            {
                // What a decoder puts where the bytes were not valid UTF-8 (a query string's %FF, for one).
                return At(i, "U+FFFD, the stand-in for bytes that were not valid UTF-8");
            }

            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                // Bidirectional overrides make an id display as something it is not.
                return At(i, "a bidirectional formatting character");
            }
        }

        return null;
    }

    private static string At(int index, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"it contains {what} at position {index}");
}
