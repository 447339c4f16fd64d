using MimeKit;
using MimeKit.Text;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>Turns an <see cref="OutgoingEmail"/> into a MIME message, for SMTP and the pickup folder.</summary>
internal static class MailMessages
{
    // Strict, and no address without a domain: what we hand on must be a deliverable addr-spec, nothing guessed.
    private static readonly ParserOptions AddressRules = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
    };

    /// <exception cref="MailRejectedException">An address is malformed: no mail service would take it.</exception>
    public static MimeMessage Create(OutgoingEmail email, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(email);
        var message = new MimeMessage { Subject = email.Subject, Date = date };
        message.From.Add(Mailbox(email, "sender", email.FromName, email.From));
        message.To.Add(Mailbox(email, "recipient", email.ToName, email.To));
        if (!string.IsNullOrEmpty(email.ReplyTo))
        {
            message.ReplyTo.Add(Mailbox(email, "reply-to", null, email.ReplyTo));
        }

        // Ours, not one MimeKit makes up: a resent duplicate then carries the id of the first.
        message.Headers[HeaderId.MessageId] = email.MessageId;
        foreach (var (name, value) in email.Headers ?? new Dictionary<string, string>())
        {
            message.Headers[name] = value;
        }

        // Plain text first: RFC 2046 makes the last part of multipart/alternative the preferred one.
        message.Body = new MultipartAlternative { Part(TextFormat.Plain, email.Text), Part(TextFormat.Html, email.Html) };
        return message;
    }

    private static MailboxAddress Mailbox(OutgoingEmail email, string role, string? name, string address)
    {
        if (!MailboxAddress.TryParse(AddressRules, address, out var parsed)
            || !string.IsNullOrEmpty(parsed.Name)
            || !string.Equals(parsed.Address, address.Trim(), StringComparison.Ordinal))
        {
            // The address itself stays out of the message: it ends up in logs, which never name a recipient.
            throw new MailRejectedException($"Mail {email.MessageId} has a malformed address: the {role} is not an addr-spec.");
        }

        return new MailboxAddress(name, parsed.Address);
    }

    private static TextPart Part(TextFormat format, string content)
    {
        // LF in memory: the writer puts the line ending its output wants (CRLF on the wire and in .eml files), so
        // quoted-printable never has to encode one as =0D=0A.
        var part = new TextPart(format);
        part.SetText("utf-8", content.ReplaceLineEndings("\n"));
        // 7bit when the text is ASCII, quoted-printable when a few characters are not, base64 only when most are:
        // every relay takes it, and the raw message stays readable.
        part.ContentTransferEncoding = part.GetBestEncoding(EncodingConstraint.SevenBit);
        return part;
    }
}
