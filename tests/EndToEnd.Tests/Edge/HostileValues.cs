using System.Text;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// The values the fuzz puts where text, identifiers and numbers belong: as raw JSON fragments (so a body can carry
/// escapes and bytes a serializer would never write) and as percent-encoded URL text.
/// </summary>
internal static class HostileValues
{
    /// <summary>A string long enough to break every length bound, short enough to stay under 1 MiB.</summary>
    public static readonly string VeryLong = new('a', 100_000);

    /// <summary>
    /// JSON strings the edge must refuse wherever text is expected, identifier or free text: control characters
    /// (NUL first), text that is not Unicode (unpaired surrogates, invalid UTF-8, noncharacters), and far too long.
    /// </summary>
    public static readonly byte[][] RefusedAsText =
    [
        Json("\"\\u0000\""),
        Json("\"ord_\\u0000\""),
        Json("\"\\u0000ord\""),
        Json("\"a\\u0001b\""),
        Json("\"\\u001b[31mred\""),
        Json("\"x\\u007f\""),
        Json("\"\\u0085\""),
        Json("\"a\\u009bb\""),
        Json("\"\\ud800\""),
        Json("\"x\\udfff\""),
        Json("\"\\udc00\\ud800\""),
        Json("\"\\uffff\""),
        Json("\"a\\ufffe\""),
        Bytes(0x22, 0xFF, 0x22),
        Bytes(0x22, 0x61, 0xC3, 0x22),
        Bytes(0x22, 0xED, 0xA0, 0x80, 0x22),
        Bytes(0x22, 0xC0, 0x80, 0x22),
        Bytes(0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22),
        Bytes(0x22, 0x61, 0x00, 0x62, 0x22),
        Bytes(0x22, 0x01, 0x22),
        Json("\"" + VeryLong + "\""),
    ];

    /// <summary>JSON strings that are ordinary free text but never an identifier.</summary>
    public static readonly byte[][] RefusedAsIdentifierOnly =
    [
        Json("\"\\ufffd\""),
        Json("\"a\\u2028b\""),
        Json("\"\\u202egnp.exe\""),
        Json("\"" + new string('i', 300) + "\""),
    ];

    /// <summary>JSON values of the wrong type or size for a string or a number.</summary>
    public static readonly byte[][] WrongTypes =
    [
        Json("123"),
        Json("-1"),
        Json("0"),
        Json("1.5"),
        Json("1e400"),
        Json("-1e400"),
        Json("99999999999999999999999999999"),
        Json("-99999999999999999999999999999"),
        Json("79228162514264337593543950335"),
        Json("true"),
        Json("false"),
        Json("null"),
        Json("[]"),
        Json("{}"),
        Json("[\"x\"]"),
        Json("{\"a\":{\"b\":[1,2,{}]}}"),
        Json("\"\""),
        Json("\"  \""),
        Json("\"\\t\""),
        Json("\"a\\r\\nX-Injected: 1\""),
        Json("\"79228162514264337593543950335\""),
        Json("\"-5\""),
        Json("\"1e9\""),
        Json("\"9999-12-31T23:59:59-14:00\""),
        Json("\"not-a-date\""),
        Json(new string('[', 100) + new string(']', 100)),
    ];

    /// <summary>Values that do not bind to a JSON number of any size, so a numeric field holding one is refused.</summary>
    public static readonly byte[][] RefusedAsNumber =
    [
        Json("1e400"),
        Json("99999999999999999999999999999"),
        Json("1.5"),
        Json("true"),
        Json("[]"),
        Json("{}"),
        Json("\"abc\""),
        Json("\"\\u0000\""),
        Json(new string('[', 100) + new string(']', 100)),
    ];

    /// <summary>C# strings the edge must refuse as identifiers in paths and query strings.</summary>
    public static readonly string[] RefusedIdentifierStrings =
    [
        "\0",
        "ord_\0",
        "\0ord",
        "a\u0001b",
        "\u001b[31m",
        "x\u007f",
        "\u0085",
        "a\u009bb",
        "\ufffd",
        "\uffff",
        "a\u2028b",
        "\u202egnp",
        "a\tb",
        "a\r\nX-Injected: 1",
        new string('i', 300),
        new string('i', 5000),
    ];

    /// <summary>Percent-encoded sequences that decode to what no identifier may hold (NUL, invalid UTF-8).</summary>
    public static readonly string[] RefusedPercentEncoded =
    [
        "%00",
        "ord%00",
        "%FF",
        "a%C3",
        "%ED%A0%80",
        "%C0%80",
        "%01",
        "%7F",
        "%C2%85",
        "%EF%BF%BF",
        "%E2%80%AE",
    ];

    /// <summary>Percent-encoding or plain text that is odd but may well be a valid identifier or path.</summary>
    public static readonly string[] OddUrlText =
    [
        "%",
        "%zz",
        "%2",
        "+",
        "%2B",
        "%2F",
        "..",
        "%2E%2E",
        "a%20b",
        "%F0%9F%8E%81",
        "%D0%BE%D1%80%D0%B4%D0%B5%D1%80",
        "';DROP TABLE od_grain;--",
        "$(whoami)",
        "{{7*7}}",
        "<script>",
        "~",
        "!*'();:@&=+$,",
    ];

    /// <summary>Percent-encodes every byte of the UTF-8 text that is not unreserved (RFC 3986).</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                result.Append((char)b);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(params byte[] bytes) => bytes;
}
