using System.Globalization;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// The edge's rule for free text from outside (names, reasons, instructions): any ordinary text up to a bound, but no
/// control character other than tab, line feed and carriage return in multi-line text, no unpaired surrogate and no
/// noncharacter. Refused text is answered 400 <see cref="ErrorCode"/>.
/// </summary>
public static class FreeText
{
    /// <summary>The Problem Details <c>code</c> of refused free text.</summary>
    public const string ErrorCode = "invalid_text";

    /// <summary>True when <paramref name="value"/> is absent or acceptable free text.</summary>
    public static bool IsValid(string? value, int maxLength, bool multiline = false) => Check(value, "text", maxLength, multiline) is null;

    /// <summary>
    /// Why <paramref name="value"/> is not acceptable, naming <paramref name="field"/>; null when it is, and when it
    /// is absent (null). Whether empty text is allowed is the caller's business.
    /// </summary>
    public static FieldRefusal? Check(string? value, string field, int maxLength, bool multiline = false)
    {
        if (value is null)
        {
            return null;
        }

        var reason = value.Length > maxLength
            ? string.Create(CultureInfo.InvariantCulture, $"it is longer than {maxLength} characters")
            : TextRules.Forbidden(value, identifier: false, multiline);
        return reason is null ? null : new FieldRefusal(ErrorCode, field, $"{field} is not acceptable text: {reason}.");
    }
}
