using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Gateway.Pages;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>
/// The buyer's digital products as JSON, two ways in: the account magic link from the emails
/// (<c>/api/account/{token}</c>), and the storefront's server with its API key (<c>/api/customers/{customerId}</c>).
/// Each lists the entitlements with downloads left, and its download action counts one download and answers a fresh
/// file URL, exactly as the download page's button does.
/// </summary>
public static class BuyerApiEndpoints
{
    public static IEndpointRouteBuilder MapBuyerApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/account").WithTags("Account");
        account.MapGet("/{token}", AccountAsync).WithSummary("The buyer's digital products, through the account link from an email");
        account.MapPost("/{token}/entitlements/{entitlementId}/downloads", AccountDownloadAsync)
            .WithSummary("Counts one download and answers a fresh file URL");

        var customers = app.MapGroup("/api/customers").WithTags("Account").RequireApiKey(ApiRole.Storefront);
        customers.MapGet("/{customerId}/entitlements", EntitlementsAsync).WithSummary("A customer's digital products, for the storefront's server");
        customers.MapPost("/{customerId}/entitlements/{entitlementId}/downloads", DownloadAsync)
            .WithSummary("Counts one download for the customer and answers a fresh file URL");
        return app;
    }

    public static async Task<Results<Ok<BuyerProductsAnswer>, ProblemHttpResult>> AccountAsync(
        string token, HttpContext context, LinkTokens tokens, PublicLinks links, BuyerDownloads downloads, TimeProvider time, ILogger<BuyerDownloads> logger)
    {
        var link = tokens.ReadAccount(token, time.GetUtcNow());
        return link.IsValid
            ? TypedResults.Ok(Answer(await downloads.ReadAsync(link.Link!.CustomerId, context.RequestAborted), links))
            : Refused(link, token, logger);
    }

    public static async Task<Results<Ok<DownloadIssued>, ProblemHttpResult>> AccountDownloadAsync(
        string token, string entitlementId, HttpContext context, LinkTokens tokens, PublicLinks links, BuyerDownloads downloads, TimeProvider time, ILogger<BuyerDownloads> logger)
    {
        var link = tokens.ReadAccount(token, time.GetUtcNow());
        if (!link.IsValid)
        {
            return Refused(link, token, logger);
        }

        return Identifier.Check(entitlementId, "entitlementId") is { } invalid
            ? ApiProblem.Invalid(invalid)
            : await IssueAsync(link.Link!.CustomerId, entitlementId, context, links, downloads);
    }

    public static async Task<Results<Ok<BuyerProductsAnswer>, ProblemHttpResult>> EntitlementsAsync(
        string customerId, PublicLinks links, BuyerDownloads downloads, CancellationToken cancellationToken) =>
        Identifier.Check(customerId, "customerId") is { } invalid
            ? ApiProblem.Invalid(invalid)
            : TypedResults.Ok(Answer(await downloads.ReadAsync(customerId, cancellationToken), links));

    public static async Task<Results<Ok<DownloadIssued>, ProblemHttpResult>> DownloadAsync(
        string customerId, string entitlementId, HttpContext context, PublicLinks links, BuyerDownloads downloads) =>
        (Identifier.Check(customerId, "customerId") ?? Identifier.Check(entitlementId, "entitlementId")) is { } invalid
            ? ApiProblem.Invalid(invalid)
            : await IssueAsync(customerId, entitlementId, context, links, downloads);

    private static async Task<Results<Ok<DownloadIssued>, ProblemHttpResult>> IssueAsync(
        string customerId, string entitlementId, HttpContext context, PublicLinks links, BuyerDownloads downloads)
    {
        var attempt = await downloads.DownloadAsync(customerId, entitlementId, ClientAddress(context), context.RequestAborted);
        var product = attempt.Entitlement?.ProductName ?? "this product";
        var support = string.IsNullOrEmpty(attempt.Store.SupportEmail) ? "the store's support" : attempt.Store.SupportEmail;
        return attempt.Outcome switch
        {
            DownloadOutcome.Minted => TypedResults.Ok(new DownloadIssued(
                attempt.Url!.Url, attempt.Url.ExpiresAt, Item(customerId, attempt.Entitlement!, attempt.File?.FileName, links))),
            DownloadOutcome.LimitReached => ApiProblem.Forbidden(
                "download_limit_reached", $"Every allowed download of {product} is used; {support} can allow more. Nothing was counted."),
            DownloadOutcome.Revoked => ApiProblem.Create(
                StatusCodes.Status410Gone, "entitlement_revoked", $"The order for {product} was refunded, so it can no longer be downloaded."),
            DownloadOutcome.FileMissing => ApiProblem.NotFound(
                FileErrorCodes.FileNotFound, $"The file of {product} is not available right now; nothing was counted. Please contact {support}."),
            _ => ApiProblem.NotFound("unknown_entitlement", "This customer has no digital product with that entitlement id."),
        };
    }

    private static BuyerProductsAnswer Answer(BuyerProducts products, PublicLinks links) =>
        new(
            products.Customer.CustomerId,
            products.Customer.Email,
            products.Entitlements.Select(e => Item(products.Customer.CustomerId, e, products.FileOf(e)?.FileName, links)).ToList());

    private static BuyerEntitlement Item(string customerId, EntitlementView e, string? fileName, PublicLinks links) =>
        new(
            e.EntitlementId, e.OrderId, e.Sku, e.ProductName, fileName, e.Allowed, e.Used, e.Left, e.Revoked, e.GrantedAt,
            e.Revoked ? null : links.Download(customerId, e.EntitlementId));

    private static ProblemHttpResult Refused<T>(LinkCheck<T> link, string token, ILogger logger)
        where T : class
    {
        PagesLog.LinkRefused(logger, LinkPurpose.Account, LinkTokens.Redact(token), link.Refusal);
        return link.Refusal == LinkRefusal.Expired
            ? ApiProblem.Forbidden(FileErrorCodes.LinkExpired, "This account link has expired. Use the link in your latest email, or ask the store for a new one.")
            : ApiProblem.Forbidden(FileErrorCodes.LinkInvalid, "This account link is not valid: it may be incomplete. Use the link in your email as it is.");
    }

    private static string? ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
