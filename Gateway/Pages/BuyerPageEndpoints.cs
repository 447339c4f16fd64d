using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The buyer's pages behind the links in delivery emails: <c>/download/{token}</c>, the durable link of one
/// entitlement, and <c>/account/{token}</c>, the "Digital Products" magic link.
/// </summary>
/// <remarks>
/// Opening either page (GET or HEAD) counts nothing, because mail scanners and link previews open links. Only the
/// download page's button, a form POST to the same address, counts a download; it answers 303 to a fresh file URL.
/// Every refusal is a page that says what happened and whom to ask, with a 4xx status.
/// </remarks>
public static class BuyerPageEndpoints
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapBuyerPages(this IEndpointRouteBuilder app)
    {
        app.MapMethods(PublicLinks.DownloadPath + "/{token}", GetOrHead, DownloadPageAsync).WithTags("Pages").ExcludeFromDescription();
        app.MapPost(PublicLinks.DownloadPath + "/{token}", DownloadAsync).WithTags("Pages").ExcludeFromDescription();
        app.MapMethods(PublicLinks.AccountPath + "/{token}", GetOrHead, AccountPageAsync).WithTags("Pages").ExcludeFromDescription();
        return app;
    }

    /// <summary>The download page: product, file, downloads left and the button. Counts nothing.</summary>
    public static async Task<IResult> DownloadPageAsync(
        string token, HttpContext context, LinkTokens tokens, BuyerDownloads downloads, TimeProvider time, ILogger<BuyerDownloads> logger)
    {
        var link = tokens.ReadDownload(token, time.GetUtcNow());
        if (!link.IsValid)
        {
            return await RefusedLinkAsync(LinkPurpose.Download, token, link.Refusal, downloads, logger, context.RequestAborted);
        }

        var (customerId, entitlementId) = link.Link!;
        var products = await downloads.ReadAsync(customerId, context.RequestAborted);
        var accountUrl = AccountPathOf(tokens, customerId);
        if (products.Find(entitlementId) is not { } entitlement)
        {
            return Unavailable(new DownloadUnavailableView(products.Store, DownloadUnavailableReason.UnknownLink, AccountUrl: accountUrl));
        }

        if (entitlement.Revoked || entitlement.Left is 0)
        {
            return Unavailable(UnavailableView(entitlement.Revoked ? DownloadOutcome.Revoked : DownloadOutcome.LimitReached, products.Store, entitlement, accountUrl));
        }

        return new HtmlPageResult(DownloadPage.Render(new DownloadPageView(
            products.Store, entitlement.ProductName, products.FileOf(entitlement)?.FileName, entitlement.Left, entitlement.Allowed, AccountUrl: accountUrl)));
    }

    /// <summary>The download action: one download counted, then 303 to a fresh file URL; or the page saying why not.</summary>
    public static async Task<IResult> DownloadAsync(
        string token, HttpContext context, LinkTokens tokens, BuyerDownloads downloads, TimeProvider time, ILogger<BuyerDownloads> logger)
    {
        var link = tokens.ReadDownload(token, time.GetUtcNow());
        if (!link.IsValid)
        {
            return await RefusedLinkAsync(LinkPurpose.Download, token, link.Refusal, downloads, logger, context.RequestAborted);
        }

        var (customerId, entitlementId) = link.Link!;
        var attempt = await downloads.DownloadAsync(customerId, entitlementId, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        return attempt.Minted
            ? new SeeOtherResult(attempt.Url!.Url)
            : Unavailable(UnavailableView(attempt.Outcome, attempt.Store, attempt.Entitlement, AccountPathOf(tokens, customerId)));
    }

    /// <summary>"Digital Products": every entitlement with downloads left and its download button.</summary>
    public static async Task<IResult> AccountPageAsync(
        string token, HttpContext context, LinkTokens tokens, BuyerDownloads downloads, TimeProvider time, ILogger<BuyerDownloads> logger)
    {
        var link = tokens.ReadAccount(token, time.GetUtcNow());
        if (!link.IsValid)
        {
            return await RefusedLinkAsync(LinkPurpose.Account, token, link.Refusal, downloads, logger, context.RequestAborted);
        }

        var customerId = link.Link!.CustomerId;
        var products = await downloads.ReadAsync(customerId, context.RequestAborted);
        var items = products.Entitlements
            .Select(e => AccountItemView.From(e, $"{PublicLinks.DownloadPath}/{tokens.CreateDownload(customerId, e.EntitlementId)}"))
            .ToList();
        var licenses = (products.Customer.Licenses ?? []).OrderByDescending(l => l.DeliveredAt).ToList();
        return new HtmlPageResult(AccountPage.Render(new AccountPageView(products.Store, products.Customer.Email, items, licenses)));
    }

    internal static DownloadUnavailableView UnavailableView(DownloadOutcome outcome, StoreBranding store, EntitlementView? entitlement, string? accountUrl)
    {
        var reason = outcome switch
        {
            DownloadOutcome.LimitReached => DownloadUnavailableReason.LimitReached,
            DownloadOutcome.Revoked => DownloadUnavailableReason.Revoked,
            DownloadOutcome.FileMissing => DownloadUnavailableReason.FileMissing,
            _ => DownloadUnavailableReason.UnknownLink,
        };
        return new DownloadUnavailableView(store, reason, entitlement?.ProductName, entitlement?.OrderId, entitlement?.Allowed, accountUrl);
    }

    private static HtmlPageResult Unavailable(DownloadUnavailableView view) =>
        new(DownloadUnavailablePage.Render(view), DownloadUnavailablePage.StatusCodeFor(view.Reason));

    private static async Task<IResult> RefusedLinkAsync(
        LinkPurpose purpose, string token, LinkRefusal refusal, BuyerDownloads downloads, ILogger logger, CancellationToken cancellationToken)
    {
        PagesLog.LinkRefused(logger, purpose, LinkTokens.Redact(token), refusal);
        var store = await downloads.StoreAsync(cancellationToken);
        var reason = refusal == LinkRefusal.Expired ? DownloadUnavailableReason.ExpiredLink : DownloadUnavailableReason.UnknownLink;
        return Unavailable(new DownloadUnavailableView(store, reason));
    }

    // Relative: the page works under whatever address the buyer reached it by.
    private static string AccountPathOf(LinkTokens tokens, string customerId) => $"{PublicLinks.AccountPath}/{tokens.CreateAccount(customerId)}";
}
