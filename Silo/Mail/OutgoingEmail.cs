
namespace Orleans.Delivery.Silo.Mail;

/// <summary>One email, ready for any <see cref="IMailSender"/>: addresses, subject and both bodies.</summary>
/// <param name="To">The recipient's address.</param>
/// <param name="ToName">The recipient's display name, if known.</param>
/// <param name="From">The sender address (the store's verified sender).</param>
/// <param name="FromName">The sender's display name, usually the store's name.</param>
/// <param name="ReplyTo">Where replies go (the store's support address), if not to <paramref name="From"/>.</param>
/// <param name="Subject">One line; line breaks are not allowed.</param>
/// <param name="Html">The HTML part.</param>
/// <param name="Text">The plain-text part, with the same content as the HTML part.</param>
/// <param name="MessageId">
/// The RFC 5322 Message-ID, <c>&lt;id@domain&gt;</c>; build it with <see cref="MessageIdFor"/> from the effect's
/// idempotency key so that a duplicate sent after a retry carries the same id as the first.
/// </param>
/// <param name="Headers">Extra headers (e.g. <c>Auto-Submitted</c>); null for none.</param>
public sealed record OutgoingEmail(
    string To,
    string? ToName,
    string From,
    string FromName,
    string? ReplyTo,
    string Subject,
    string Html,
    string Text,
    string MessageId,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The domain part of every Message-ID we make.</summary>
    public const string MessageIdDomain = Grains.Orders.MessageIds.Domain;

    /// <summary>
    /// A Message-ID that is the same for the same <paramref name="idempotencyKey"/>, and says nothing about it:
    /// <c>&lt;{first 32 hex digits of SHA-256(key)}@orleans.delivery&gt;</c>.
    /// </summary>
    public static string MessageIdFor(string idempotencyKey)
        => Grains.Orders.MessageIds.For(idempotencyKey);
}
