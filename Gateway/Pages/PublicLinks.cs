using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The absolute addresses of the buyer's pages, as emails carry them: the durable download link of an entitlement,
/// the account page and the order page. The routes are the gateway's (<see cref="DownloadPath"/>, …).
/// </summary>
public sealed class PublicLinks(LinkTokens tokens, IOptions<LinkOptions> options)
{
    public const string DownloadPath = "/download";
    public const string AccountPath = "/account";
    public const string OrderPath = "/order";

    private readonly string baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');

    public Uri Download(string customerId, string entitlementId) => new($"{baseUrl}{DownloadPath}/{tokens.CreateDownload(customerId, entitlementId)}");

    public Uri Account(string customerId) => new($"{baseUrl}{AccountPath}/{tokens.CreateAccount(customerId)}");

    public Uri Order(string orderId) => new($"{baseUrl}{OrderPath}/{tokens.CreateOrder(orderId)}");
}
