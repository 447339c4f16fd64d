using System.Text.Json.Serialization;

namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// The JSON of SendGrid's v3 Mail Send API (<c>POST /v3/mail/send</c>), only the fields we use. Written by hand
/// because the SendGrid package is not served by our NuGet registry.
/// </summary>
internal static class SendGridWire
{
    /// <summary>The request body.</summary>
    /// <param name="Personalizations">One envelope per message; we send one message to one recipient.</param>
    /// <param name="Content">SendGrid requires text/plain, when present, before text/html.</param>
    /// <param name="Headers">Custom headers; SendGrid refuses its reserved ones (From, To, Subject, Reply-To, …).</param>
    public sealed record MailSendRequest(
        IReadOnlyList<Personalization> Personalizations,
        Address From,
        [property: JsonPropertyName("reply_to")] Address? ReplyTo,
        string Subject,
        IReadOnlyList<Content> Content,
        IReadOnlyDictionary<string, string>? Headers);

    public sealed record Personalization(IReadOnlyList<Address> To);

    public sealed record Address(string Email, string? Name = null);

    public sealed record Content(string Type, string Value);

    /// <summary>SendGrid's error body: <c>{"errors":[{"message":"…","field":"…","help":…}]}</c>.</summary>
    public sealed record ErrorResponse(IReadOnlyList<Error>? Errors);

    public sealed record Error(string? Message, string? Field);

    /// <summary>The SendGrid message for <paramref name="email"/>.</summary>
    public static MailSendRequest For(OutgoingEmail email)
    {
        var headers = new Dictionary<string, string>(email.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            // SendGrid sets its own Message-ID; ours travels in a custom header so a duplicate stays recognisable.
            [SendGridMailSender.MessageIdHeader] = email.MessageId,
        };
        return new MailSendRequest(
            [new Personalization([new Address(email.To, NullIfEmpty(email.ToName))])],
            new Address(email.From, NullIfEmpty(email.FromName)),
            string.IsNullOrEmpty(email.ReplyTo) ? null : new Address(email.ReplyTo),
            email.Subject,
            [new Content("text/plain", email.Text), new Content("text/html", email.Html)],
            headers);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
