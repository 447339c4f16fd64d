namespace Orleans.Delivery.Testing.Servers;

/// <summary>A message the test SMTP server accepted, as parsed by mailparser.</summary>
/// <param name="Id">Server-assigned id.</param>
/// <param name="From">Address of the From header (the envelope sender when there is none).</param>
/// <param name="To">Envelope recipients: everyone the server accepted this message for, Bcc included.</param>
/// <param name="Subject">Decoded subject, empty when there is none.</param>
/// <param name="Text">Plain-text body, if any.</param>
/// <param name="Html">HTML body, if any.</param>
/// <param name="Raw">The whole message as received (RFC 5322).</param>
/// <param name="ReceivedAt">When the server received it (real clock).</param>
public sealed record ReceivedMail(
    string Id,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? Text,
    string? Html,
    string Raw,
    DateTimeOffset ReceivedAt);
