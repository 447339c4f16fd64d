namespace Orleans.Delivery.Grains.Catalog;

/// <summary>What the delivery email and pages show about the store.</summary>
public sealed record StoreSettings(string StoreName, string? LogoUrl, string SupportEmail, string SenderAddress)
{
    public EquatableArray<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(StoreName))
        {
            errors.Add("store name must not be empty");
        }

        if (LogoUrl is not null && !Product.IsHttpUrl(LogoUrl))
        {
            errors.Add("logo url must be an absolute http or https url");
        }

        if (!LooksLikeEmail(SupportEmail))
        {
            errors.Add("support email must be an email address");
        }

        if (!LooksLikeEmail(SenderAddress))
        {
            errors.Add("sender address must be an email address");
        }

        return errors.ToEquatableArray();
    }

    // A shape check only: whether the mailbox exists is the mail server's business.
    private static bool LooksLikeEmail(string? value) =>
        value is not null && value.Trim() == value && value.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && at < value.Length - 1 && !value.Contains(' ', StringComparison.Ordinal);
}
