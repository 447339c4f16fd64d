using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>The operators' API: catalog and settings, orders and the review queue, customers' download limits, logs.</summary>
public static class AdminEndpoints
{
    private const string Json = "application/json";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiRole.Admin);
        admin.MapGet("/products", GetCatalogAsync).WithSummary("The catalog: products on sale and store settings");
        admin.MapPut("/products/{sku}", UpsertProductAsync).Accepts<ProductDefinition>(Json)
            .WithSummary("Adds or replaces a product; a file product's fileKey must name a stored file");
        admin.MapDelete("/products/{sku}", RemoveProductAsync).WithSummary("Takes a product off sale");
        admin.MapGet("/settings", GetCatalogAsync).WithSummary("The catalog: products on sale and store settings");
        admin.MapPut("/settings", UpdateSettingsAsync).Accepts<StoreSettingsDefinition>(Json)
            .WithSummary("Replaces the store settings: name, logo, support and sender addresses");

        admin.MapGet("/orders/{orderId}", CheckoutEndpoints.GetAsync).WithSummary("An order with its history, payments and deliveries");
        admin.MapGet("/review", ReviewQueueAsync).WithSummary("Orders waiting for an operator");
        admin.MapPost("/orders/{orderId}/retry", (string orderId, HttpContext c, IGrainFactory g) =>
            OperateAsync(orderId, g, (o, op) => o.RetryFulfillmentAsync(op, c.RequestAborted), c)).WithSummary("Retries fulfillment of an order in review");
        admin.MapPost("/orders/{orderId}/resend", (string orderId, HttpContext c, IGrainFactory g) =>
            OperateAsync(orderId, g, (o, op) => o.ResendDeliveryEmailAsync(op, c.RequestAborted), c)).WithSummary("Sends the delivery email again");
        admin.MapPost("/orders/{orderId}/refund", RefundAsync).Accepts<RefundRequest>(Json).WithSummary("Refunds an order through its payment provider");
        admin.MapPost("/orders/{orderId}/mark-delivered", MarkDeliveredAsync).Accepts<MarkDeliveredRequest>(Json)
            .WithSummary("Delivers codes entered by hand to an order in review");

        admin.MapGet("/customers/{customerId}", GetCustomerAsync).WithSummary("A customer's entitlements and downloads");
        admin.MapPut("/customers/{customerId}/entitlements/{entitlementId}/limit", SetLimitAsync).Accepts<DownloadLimitRequest>(Json)
            .WithSummary("Changes an entitlement's download limit");
        admin.MapPost("/customers/{customerId}/entitlements/{entitlementId}/reset", ResetAsync).WithSummary("Resets an entitlement's download count");

        admin.MapGet("/deliveries", (GrainStore s, long? before, int? limit, CancellationToken ct) => StreamAsync(s, OperationsStreams.Deliveries, before, limit, ct))
            .WithSummary("The delivery log, newest first");
        admin.MapGet("/alerts", (GrainStore s, long? before, int? limit, CancellationToken ct) => StreamAsync(s, OperationsStreams.Alerts, before, limit, ct))
            .WithSummary("Alerts, newest first");
        admin.MapGet("/downloads", (GrainStore s, long? before, int? limit, CancellationToken ct) => StreamAsync(s, OperationsStreams.Downloads, before, limit, ct))
            .WithSummary("Counted downloads, newest first");
        admin.MapGet("/unmatched-webhooks", (GrainStore s, long? before, int? limit, CancellationToken ct) => StreamAsync(s, OperationsStreams.UnmatchedWebhooks, before, limit, ct))
            .WithSummary("Verified webhooks that matched no order, newest first");
        admin.MapGet("/dead-letters", DeadLettersAsync).WithSummary("Effects that failed every attempt");
        admin.MapPost("/dead-letters/{id:long}/requeue", RequeueAsync).WithSummary("Puts a dead-lettered effect back in the outbox");
        return app;
    }

    public static async Task<Ok<CatalogView>> GetCatalogAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Catalog(grains).GetAsync(cancellationToken));

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> UpsertProductAsync(string sku, HttpContext context, IGrainFactory grains, IFileStore files)
    {
        var (product, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.ProductDefinition);
        if (problem is not null)
        {
            return problem;
        }

        if (!string.Equals(product!.Sku, sku, StringComparison.Ordinal))
        {
            return ApiProblem.BadRequest("sku_mismatch", $"The body's sku '{product.Sku}' differs from the path's '{sku}'.");
        }

        if (await MissingFileAsync(product, files, context.RequestAborted) is { } missing)
        {
            return missing;
        }

        return await ChangeAsync(grains, c => c.UpsertProductAsync(product, context.RequestAborted), context.RequestAborted);
    }

    public static Task<Results<Ok<CatalogView>, ProblemHttpResult>> RemoveProductAsync(string sku, IGrainFactory grains, CancellationToken cancellationToken) =>
        ChangeAsync(grains, c => c.RemoveProductAsync(sku, cancellationToken), cancellationToken);

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> UpdateSettingsAsync(HttpContext context, IGrainFactory grains)
    {
        var (settings, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.StoreSettingsDefinition);
        return problem ?? await ChangeAsync(grains, c => c.UpdateSettingsAsync(settings!, context.RequestAborted), context.RequestAborted);
    }

    public static async Task<Ok<IReadOnlyList<ReviewItem>>> ReviewQueueAsync(GrainStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ReviewItem>>((await store.ReadIndexAsync(OperationsStreams.NeedsReview, cancellationToken: cancellationToken))
            .Select(e => new ReviewItem(e.Grain.Key, e.Value, e.UpdatedAt)).ToList());

    public static async Task<Results<Ok<OrderAnswer>, ProblemHttpResult>> RefundAsync(string orderId, HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.RefundRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request!.Reason))
        {
            return ApiProblem.BadRequest("missing_reason", "A refund needs a reason.");
        }

        return await OperateAsync(orderId, grains, (o, op) => o.RefundAsync(request.Reason.Trim(), op, context.RequestAborted), context);
    }

    public static async Task<Results<Ok<OrderAnswer>, ProblemHttpResult>> MarkDeliveredAsync(string orderId, HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.MarkDeliveredRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Codes is not { Count: > 0 } codes)
        {
            return ApiProblem.BadRequest("missing_codes", "List the codes to deliver.");
        }

        return await OperateAsync(orderId, grains, (o, op) => o.MarkDeliveredAsync(codes, op, context.RequestAborted), context);
    }

    public static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetCustomerAsync(string customerId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!OrderKey.IsValid(customerId))
        {
            return ApiProblem.NotFound("unknown_customer", "No customer has that id.");
        }

        var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync(cancellationToken);
        return customer.Entitlements.Count == 0 && customer.Email is null
            ? ApiProblem.NotFound("unknown_customer", $"No customer has the id '{customerId}'.")
            : TypedResults.Ok(customer);
    }

    public static async Task<Results<Ok<EntitlementView>, ProblemHttpResult>> SetLimitAsync(string customerId, string entitlementId, HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.DownloadLimitRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Allowed is < 1)
        {
            return ApiProblem.BadRequest("invalid_limit", "allowed must be at least 1, or null for unlimited.");
        }

        return Entitlement(await grains.GetGrain<ICustomerGrain>(customerId)
            .SetDownloadLimitAsync(entitlementId, request.Allowed, OperatorOf(context), context.RequestAborted));
    }

    public static async Task<Results<Ok<EntitlementView>, ProblemHttpResult>> ResetAsync(string customerId, string entitlementId, HttpContext context, IGrainFactory grains) =>
        Entitlement(await grains.GetGrain<ICustomerGrain>(customerId).ResetDownloadsAsync(entitlementId, OperatorOf(context), context.RequestAborted));

    public static async Task<Ok<IReadOnlyList<DeadLetterItem>>> DeadLettersAsync(GrainStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DeadLetterItem>>((await store.ListOutboxAsync(OutboxStatus.Dead, cancellationToken: cancellationToken))
            .Select(d => new DeadLetterItem(d.Id, d.Source.ToString(), d.Name, d.IdempotencyKey, d.Attempts, d.CreatedAt, d.LastError)).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RequeueAsync(long id, GrainStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.RequeueAsync(id, time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblem.NotFound("unknown_dead_letter", $"No dead-lettered effect has the id {id}.");

    private static async Task<Ok<StreamPage<JsonElement>>> StreamAsync(GrainStore store, string stream, long? before, int? limit, CancellationToken cancellationToken)
    {
        var max = Math.Clamp(limit ?? 100, 1, 500);
        var rows = await store.ReadLogAsync(stream, before: before ?? long.MaxValue, max: max, cancellationToken: cancellationToken);
        var items = rows.Select(r => new StreamItem<JsonElement>(r.Id, r.Grain.Key, r.At, JsonDocument.Parse(r.Entry).RootElement.Clone())).ToList();
        return TypedResults.Ok(new StreamPage<JsonElement>(items, rows.Count == max ? rows[^1].Id : null));
    }

    private static async Task<Results<Ok<OrderAnswer>, ProblemHttpResult>> OperateAsync(
        string orderId, IGrainFactory grains, Func<IOrderGrain, string, Task<OrderAnswer>> operation, HttpContext context)
    {
        if (!OrderKey.IsValid(orderId))
        {
            return ApiProblem.NotFound("unknown_order", "No order has that id.");
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        if (await order.GetAsync(context.RequestAborted) is null)
        {
            return ApiProblem.NotFound("unknown_order", $"No order has the id '{orderId}'.");
        }

        var answer = await operation(order, OperatorOf(context));
        return answer.Refused
            ? ApiProblem.Conflict(answer.ErrorCode!, answer.Error ?? $"The order is {answer.Status}; that action does not apply.")
            : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> ChangeAsync(
        IGrainFactory grains, Func<ICatalogGrain, Task<CatalogChange>> change, CancellationToken cancellationToken)
    {
        var catalog = Catalog(grains);
        var result = await change(catalog);
        return result.Applied
            ? TypedResults.Ok(await catalog.GetAsync(cancellationToken))
            : ApiProblem.Unprocessable("invalid_catalog_change", string.Join(" ", result.Errors));
    }

    private static Results<Ok<EntitlementView>, ProblemHttpResult> Entitlement(EntitlementChange change) => change switch
    {
        { Applied: true, Entitlement: { } entitlement } => TypedResults.Ok(entitlement),
        { Entitlement: null } => ApiProblem.NotFound(change.ErrorCode ?? "unknown_entitlement", "No entitlement of this customer has that id."),
        _ => ApiProblem.Conflict(change.ErrorCode ?? "change_refused", change.Error ?? "The change does not apply to this entitlement."),
    };

    /// <summary>
    /// A file product must name a file that is already stored: checked here, where the file store is, so that a
    /// typo in <c>fileKey</c> is refused now rather than discovered when a buyer's download fails.
    /// </summary>
    private static async Task<ProblemHttpResult?> MissingFileAsync(ProductDefinition product, IFileStore files, CancellationToken cancellationToken)
    {
        if (product.Kind != FulfillmentKind.File || string.IsNullOrWhiteSpace(product.FileKey))
        {
            return null;
        }

        if (!FileKey.IsValid(product.FileKey))
        {
            return ApiProblem.BadRequest(
                FileErrorCodes.InvalidFileKey,
                "fileKey is 1 to 512 characters: segments of letters, digits, '.', '_' and '-' joined by '/', none empty or starting with '.'.");
        }

        return await files.ExistsAsync(product.FileKey, cancellationToken)
            ? null
            : ApiProblem.BadRequest(
                FileErrorCodes.FileNotFound,
                $"No file is stored under '{product.FileKey}'. Upload it first with PUT {FileAdminEndpoints.RoutePrefix}/{product.FileKey}.");
    }

    /// <summary>Who acts, for the history: the <c>X-Operator</c> header, or "admin".</summary>
    private static string OperatorOf(HttpContext context) =>
        context.Request.Headers["X-Operator"].ToString() is { Length: > 0 and <= 100 } name ? name : "admin";

    private static ICatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
}
