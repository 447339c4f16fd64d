namespace Orleans.Delivery.Silo.Mail;

/// <summary>How the store presents itself in its emails.</summary>
/// <param name="StoreName">Shown in the header (as the logo's alt text when there is a logo), subject and footer.</param>
/// <param name="LogoUrl">An absolute http(s) URL of the logo image; anything else is left out.</param>
/// <param name="SupportEmail">Where buyers write for help; also the Reply-To.</param>
/// <param name="SenderAddress">The From address (a sender the mail service has verified).</param>
/// <param name="SenderName">The From name; the store's name when null.</param>
public sealed record StoreBranding(
    string StoreName,
    string? LogoUrl,
    string SupportEmail,
    string SenderAddress,
    string? SenderName = null);
