namespace Orleans.Delivery.Silo.Mail;

/// <summary>
/// What a delivery email says, as data; <see cref="DeliveryEmailComposer"/> turns it into an
/// <see cref="OutgoingEmail"/>. Customer and merchant text is taken as plain text and encoded wherever it appears.
/// </summary>
/// <param name="Branding">The store the order was placed at.</param>
/// <param name="CustomerName">The buyer's name for the greeting, if known.</param>
/// <param name="CustomerEmail">The buyer's address: the recipient.</param>
/// <param name="OrderId">The order, as the buyer sees it.</param>
public abstract record DeliveryEmail(StoreBranding Branding, string? CustomerName, string CustomerEmail, string OrderId)
{
    /// <summary>Sent again on request: the email says so in one line. Default false.</summary>
    public bool Resend { get; init; }
}

/// <summary>Codes (gift cards, keys, top-ups) bought from the supplier.</summary>
/// <param name="Denomination">The face value, e.g. "$25", if the product has one.</param>
/// <param name="Items">One entry per code, in order; at least one.</param>
/// <param name="Instructions">How to redeem, in Markdown (raw HTML is shown as text; only http(s) links are kept).</param>
/// <param name="ActivationUrl">Where to redeem; only an absolute http(s) URL is linked.</param>
/// <param name="OrderPageUrl">The buyer's order page (ours).</param>
public sealed record CodeDeliveryEmail(
    StoreBranding Branding,
    string? CustomerName,
    string CustomerEmail,
    string OrderId,
    string ProductName,
    string? Denomination,
    IReadOnlyList<DeliveredCode> Items,
    string? Instructions,
    string? ActivationUrl,
    string OrderPageUrl)
    : DeliveryEmail(Branding, CustomerName, CustomerEmail, OrderId);

/// <summary>Files, each behind our durable download link.</summary>
/// <param name="Products">One entry per product; at least one.</param>
/// <param name="AccountUrl">The buyer's account page, where fresh links are issued.</param>
public sealed record FileDeliveryEmail(
    StoreBranding Branding,
    string? CustomerName,
    string CustomerEmail,
    string OrderId,
    IReadOnlyList<DownloadableProduct> Products,
    string AccountUrl)
    : DeliveryEmail(Branding, CustomerName, CustomerEmail, OrderId);

/// <summary>A license returned by the merchant's fulfillment webhook.</summary>
/// <param name="LicenseText">The webhook's response body: Markdown, rendered safely in the HTML part and kept as written in
/// the text part.</param>
/// <param name="Responses">With separate multibuy, each item's answer, listed numbered; else null.</param>
/// <param name="Instructions">The merchant's instructions, in Markdown, as for <see cref="CodeDeliveryEmail"/>.</param>
/// <param name="OrderPageUrl">The buyer's order page (ours).</param>
public sealed record LicenseDeliveryEmail(
    StoreBranding Branding,
    string? CustomerName,
    string CustomerEmail,
    string OrderId,
    string ProductName,
    string LicenseText,
    string? Instructions,
    string OrderPageUrl,
    IReadOnlyList<string>? Responses = null)
    : DeliveryEmail(Branding, CustomerName, CustomerEmail, OrderId);
