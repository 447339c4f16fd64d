namespace Orleans.Delivery.Silo.Mail;

/// <summary>An SMTP relay; bound from <c>Mail:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    /// <summary>The relay's host name. Required for the <c>smtp</c> provider; no default.</summary>
    public string? Host { get; set; }

    /// <summary>The relay's port, 1–65535. Default: 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// Encrypt the connection or send nothing: STARTTLS, required, or TLS from the first byte when
    /// <see cref="Port"/> is 465. Default: true; turn it off only for a relay on a trusted network.
    /// </summary>
    public bool EnableSsl { get; set; } = true;

    /// <summary>The user name for AUTH; none when unset. Default: unset.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for AUTH, used with <see cref="UserName"/>. Default: unset.</summary>
    public string? Password { get; set; }

    /// <summary>Time limit for one message: connecting, the SMTP dialogue and the upload. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
