using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Pages;

/// <summary>
/// The buyer's order page, <c>GET /order/{token}</c>: the link in every delivery email. It shows the order's status and,
/// once fulfilled, its codes or license with the activation instructions; showing them tells the order they reached
/// the buyer. The token is the only credential: signed, checked before anything is read, and never logged in full.
/// </summary>
public static class OrderPageEndpoints
{
    // Shown when the store settings are not set yet; a page without a store name still beats an error.
    private static readonly StoreBranding UnbrandedStore = new("Your order", null, string.Empty);

    private const string DeliveredStatus = "delivered";

    public static IEndpointRouteBuilder MapOrderPages(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{PublicLinks.OrderPath}/{{token}}", ShowAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task<HtmlPageResult> ShowAsync(
        string token,
        IGrainFactory grains,
        LinkTokens tokens,
        PublicLinks links,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(OrderPageEndpoints));
        var check = tokens.ReadOrder(token, time.GetUtcNow());
        if (!check.IsValid)
        {
            OrderPageLog.LinkRefused(logger, LinkTokens.Redact(token), check.Refusal);
            var expired = check.Refusal == LinkRefusal.Expired;
            var refusedStore = await StoreAsync(grains, [], cancellationToken);
            return new HtmlPageResult(OrderUnavailablePage.Render(refusedStore.Branding, expired), OrderUnavailablePage.StatusCodeFor(expired));
        }

        var orderId = check.Link!.OrderId;
        var order = await grains.GetGrain<IOrderGrain>(orderId).GetAsync(cancellationToken);
        if (order is null)
        {
            OrderPageLog.UnknownOrder(logger, orderId);
            var unknownStore = await StoreAsync(grains, [], cancellationToken);
            return new HtmlPageResult(
                OrderUnavailablePage.Render(unknownStore.Branding, expired: false, orderId), OrderUnavailablePage.StatusCodeFor(expired: false));
        }

        // The store's settings and this order's products only: a page view never copies the whole catalog.
        var (store, catalog) = await StoreAsync(grains, order.Lines.Select(l => l.Sku).ToList(), cancellationToken);

        if (order.Status != DeliveredStatus && (order.Codes.Count > 0 || !string.IsNullOrWhiteSpace(order.LicenseText)))
        {
            // The buyer sees the codes now, whatever became of the email: the order may count as delivered.
            var shown = await grains.GetGrain<IOrderGrain>(orderId).RecordCodesShownAsync(cancellationToken);
            order = order with { Status = shown.Status };
        }

        var instructions = order.Lines
            .Select(l => catalog.Products.FirstOrDefault(p => p.Sku == l.Sku))
            .OfType<ProductDefinition>()
            .Where(p => !string.IsNullOrWhiteSpace(p.Instructions) || !string.IsNullOrWhiteSpace(p.ActivationUrl))
            .Select(p => new ProductInstructions(p.Name, p.Instructions ?? string.Empty, p.ActivationUrl))
            .ToList();
        var downloads = order.Lines.Any(l => l.Kind == FulfillmentKind.File) ? links.Account(order.CustomerId).ToString() : null;
        return new HtmlPageResult(OrderPage.Render(OrderPageView.From(store, order, instructions, downloads)));
    }

    private static async Task<(StoreBranding Branding, CatalogView Catalog)> StoreAsync(
        IGrainFactory grains, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).GetAsync(skus, cancellationToken);
        return (catalog.Settings is { } settings ? StoreBranding.From(settings) : UnbrandedStore, catalog);
    }
}
