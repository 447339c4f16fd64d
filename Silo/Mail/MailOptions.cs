namespace Orleans.Delivery.Silo.Mail;

/// <summary>How the silo sends email; bound from the <c>Mail</c> configuration section.</summary>
public sealed class MailOptions
{
    /// <summary>The SMTP relay. See <see cref="MailOptions.Provider"/>.</summary>
    public const string SmtpProvider = "smtp";

    /// <summary>SendGrid's v3 HTTP API. See <see cref="MailOptions.Provider"/>.</summary>
    public const string SendGridProvider = "sendgrid";

    /// <summary>A folder of .eml files. See <see cref="MailOptions.Provider"/>.</summary>
    public const string PickupProvider = "pickup";

    /// <summary>
    /// Which service sends: <c>smtp</c>, <c>sendgrid</c> or <c>pickup</c>. Default: unset, which means <c>smtp</c>
    /// when <c>Mail:Smtp:Host</c> is set, else <c>sendgrid</c> when <c>Mail:SendGrid:ApiKey</c> is set, else
    /// <c>pickup</c> (the single-node default, which needs nothing installed).
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Where the <c>pickup</c> provider writes one .eml file per message; relative paths are taken from the
    /// current directory. Default: <c>./data/mail</c>.
    /// </summary>
    public string PickupDirectory { get; set; } = "./data/mail";

    /// <summary>The SMTP relay, for the <c>smtp</c> provider.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The SendGrid account, for the <c>sendgrid</c> provider.</summary>
    public SendGridOptions SendGrid { get; set; } = new();

    /// <summary><see cref="Provider"/>, or the one chosen by default from what is configured, in lower case.</summary>
    public string EffectiveProvider =>
        Provider is { Length: > 0 } chosen ? chosen.Trim().ToLowerInvariant()
        : !string.IsNullOrWhiteSpace(Smtp.Host) ? SmtpProvider
        : !string.IsNullOrWhiteSpace(SendGrid.ApiKey) ? SendGridProvider
        : PickupProvider;
}
