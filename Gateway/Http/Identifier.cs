using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Orleans.Delivery.Gateway.Http;

/// <summary>
/// The edge's rule for every text identifier that comes from outside: order, event, payment, customer and supplier
/// ids, references, tracking ids, SKUs, emails, keys, tokens and path segments. An identifier is 1 to a bounded
/// number of characters (<see cref="MaxLength"/> unless the field says otherwise), not only whitespace, and holds no
/// control character (C0 with NUL, DEL, C1), line or paragraph separator, bidirectional override, unpaired surrogate,
/// U+FFFD or noncharacter U+FFFE/U+FFFF.
/// </summary>
/// <remarks>
/// Such text can never name anything we or a provider issued, and it breaks what it reaches: PostgreSQL refuses NUL
/// in text (22021), its UTF-8 encoder refuses unpaired surrogates, and logs and headers split on control characters.
/// Refused at the edge, before any grain is called, it changes nothing and is answered 400 <see cref="ErrorCode"/>.
/// </remarks>
public static class Identifier
{
    /// <summary>The longest identifier accepted unless a field sets its own bound: 200 characters.</summary>
    public const int MaxLength = 200;

    /// <summary>The Problem Details <c>code</c> of a refused identifier.</summary>
    public const string ErrorCode = "invalid_identifier";

    /// <summary>True when <paramref name="value"/> is present and a valid identifier.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value, int maxLength = MaxLength) =>
        value is not null && Reason(value, maxLength) is null;

    /// <summary>
    /// Why <paramref name="value"/> is not a valid identifier, naming <paramref name="field"/>; null when it is, and
    /// when it is absent (null): each caller answers a missing field with its own code.
    /// </summary>
    public static FieldRefusal? Check(string? value, string field, int maxLength = MaxLength) =>
        value is not null && Reason(value, maxLength) is { } reason
            ? new FieldRefusal(ErrorCode, field, $"{field} is not a valid identifier: {reason}.")
            : null;

    private static string? Reason(string value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "it is empty";
        }

        return value.Length > maxLength
            ? string.Create(CultureInfo.InvariantCulture, $"it is longer than {maxLength} characters")
            : TextRules.Forbidden(value, identifier: true, multiline: false);
    }
}
