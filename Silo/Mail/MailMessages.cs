using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>Turns an <see cref="OutgoingEmail"/> into a System.Net.Mail message, for SMTP and the pickup folder.</summary>
internal static class MailMessages
{
    /// <exception cref="MailRejectedException">An address is malformed: no mail service would take it.</exception>
    public static MailMessage Create(OutgoingEmail email)
    {
        var message = new MailMessage
        {
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            message.From = new MailAddress(email.From, email.FromName, Encoding.UTF8);
            message.To.Add(new MailAddress(email.To, email.ToName, Encoding.UTF8));
            if (!string.IsNullOrEmpty(email.ReplyTo))
            {
                message.ReplyToList.Add(new MailAddress(email.ReplyTo));
            }

            // No Body and two views: System.Net.Mail then writes one multipart/alternative with exactly these parts,
            // plain text first, because RFC 2046 makes the last part the preferred one.
            message.AlternateViews.Add(View(email.Text, MediaTypeNames.Text.Plain));
            message.AlternateViews.Add(View(email.Html, MediaTypeNames.Text.Html));

            // System.Net.Mail writes no Message-ID of its own; ours makes a resent duplicate recognisable.
            message.Headers["Message-ID"] = email.MessageId;
            foreach (var (name, value) in email.Headers ?? new Dictionary<string, string>())
            {
                message.Headers[name] = value;
            }

            return message;
        }
        catch (FormatException exception)
        {
            message.Dispose();
            throw new MailRejectedException($"Mail {email.MessageId} has a malformed address: {exception.Message}", exception);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static AlternateView View(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        // Quoted-printable keeps the parts readable in the raw message and survives 7-bit relays.
        view.TransferEncoding = TransferEncoding.QuotedPrintable;
        return view;
    }
}
