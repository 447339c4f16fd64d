using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>The operators' API: catalog and settings, orders and the review queue, customers' download limits, logs.</summary>
public static class AdminEndpoints
{
    private const string Json = "application/json";

    /// <summary>The most codes one hand delivery carries: an order's most lines times the most units of each.</summary>
    public const int MaxDeliveredCodes = CheckoutEndpoints.MaxItems * 100;

    public const int MaxCodeLength = 512;
    public const int MaxReasonLength = 1000;
    public const int MaxOperatorLength = 100;

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiRole.Admin);
        admin.MapGet("/products", GetCatalogAsync).WithSummary("The catalog: products on sale and store settings");
        admin.MapPut("/products/{sku}", UpsertProductAsync).Accepts<ProductDefinition>(Json)
            .WithSummary("Adds or replaces a product; a file product's fileKey must name a stored file");
        admin.MapDelete("/products/{sku}", RemoveProductAsync).WithSummary("Takes a product off sale");
        admin.MapPost("/products/{sku}/webhook-secret", RotateWebhookSecretAsync)
            .WithSummary("Replaces a merchant webhook product's signing secret; the old one also signs for overlapHours (default 24)");
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

        admin.MapGet("/alerts", (IGrainFactory g, long? before, int? limit, CancellationToken ct) => StreamAsync(g, OperationsStreams.Alerts, before, limit, ct))
            .WithSummary("Alerts, newest first");
        admin.MapGet("/downloads", (IGrainFactory g, long? before, int? limit, CancellationToken ct) => StreamAsync(g, OperationsStreams.Downloads, before, limit, ct))
            .WithSummary("Counted downloads, newest first");
        admin.MapGet("/unmatched-webhooks", (IGrainFactory g, long? before, int? limit, CancellationToken ct) => StreamAsync(g, OperationsStreams.UnmatchedWebhooks, before, limit, ct))
            .WithSummary("Verified webhooks that matched no order, newest first");
        return app;
    }

    public static async Task<Ok<CatalogView>> GetCatalogAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Catalog(grains).GetAsync(cancellationToken));

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> UpsertProductAsync(string sku, HttpContext context, IGrainFactory grains, IFileStore files)
    {
        if (Identifier.Check(sku, "sku") is { } invalidSku)
        {
            return ApiProblem.Invalid(invalidSku);
        }

        var (product, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.ProductDefinition);
        if (problem is not null)
        {
            return problem;
        }

        if (!string.Equals(product!.Sku, sku, StringComparison.Ordinal))
        {
            return ApiProblem.BadRequest("sku_mismatch", "The body's sku differs from the path's.", "sku");
        }

        if (CatalogInput.Check(product) is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        if (await MissingFileAsync(product, files, context.RequestAborted) is { } missing)
        {
            return missing;
        }

        return await ChangeAsync(grains, c => c.UpsertProductAsync(product, context.RequestAborted), context.RequestAborted);
    }

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> RotateWebhookSecretAsync(string sku, HttpContext context, IGrainFactory grains)
    {
        if (Identifier.Check(sku, "sku") is { } invalidSku)
        {
            return ApiProblem.Invalid(invalidSku);
        }

        if (CatalogInput.OverlapHours(context.Request.Query["overlapHours"]) is not { } hours)
        {
            return ApiProblem.BadRequest("invalid_overlap", CatalogInput.OverlapHoursRule, "overlapHours");
        }

        return await ChangeAsync(grains, c => c.RotateWebhookSecretAsync(sku, TimeSpan.FromHours(hours), context.RequestAborted), context.RequestAborted);
    }

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> RemoveProductAsync(string sku, IGrainFactory grains, CancellationToken cancellationToken) =>
        Identifier.Check(sku, "sku") is { } invalid
            ? ApiProblem.Invalid(invalid)
            : await ChangeAsync(grains, c => c.RemoveProductAsync(sku, cancellationToken), cancellationToken);

    public static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> UpdateSettingsAsync(HttpContext context, IGrainFactory grains)
    {
        var (settings, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.StoreSettingsDefinition);
        if (problem is not null)
        {
            return problem;
        }

        return CatalogInput.Check(settings!) is { } invalid
            ? ApiProblem.Invalid(invalid)
            : await ChangeAsync(grains, c => c.UpdateSettingsAsync(settings!, context.RequestAborted), context.RequestAborted);
    }

    public static async Task<Ok<IReadOnlyList<ReviewItem>>> ReviewQueueAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ReviewItem>>((await Operations(grains).ReadReviewAsync(500, cancellationToken))
            .Select(e => new ReviewItem(e.OrderId, e.Reason, e.Since)).ToList());

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

        if (FreeText.Check(request.Reason, "reason", MaxReasonLength, multiline: true) is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
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

        if (request!.Codes is not { Count: > 0 } codes || codes.Any(c => c is null || string.IsNullOrWhiteSpace(c.Code)))
        {
            return ApiProblem.BadRequest("missing_codes", "List the codes to deliver, each with its code.");
        }

        if (codes.Count > MaxDeliveredCodes)
        {
            return ApiProblem.BadRequest("too_many_codes", $"One delivery carries at most {MaxDeliveredCodes} codes.", "codes");
        }

        if (codes.Select((c, i) => Identifier.Check(c.Code, $"codes[{i}].code", MaxCodeLength)
                ?? Identifier.Check(c.Pin, $"codes[{i}].pin", MaxCodeLength)
                ?? Identifier.Check(c.Serial, $"codes[{i}].serial", MaxCodeLength))
            .FirstOrDefault(r => r is not null) is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        return await OperateAsync(orderId, grains, (o, op) => o.MarkDeliveredAsync(codes, op, context.RequestAborted), context);
    }

    public static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetCustomerAsync(string customerId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (Identifier.Check(customerId, "customerId") is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync(cancellationToken);
        return customer.Entitlements.Count == 0 && customer.Email is null
            ? ApiProblem.NotFound("unknown_customer", $"No customer has the id '{customerId}'.")
            : TypedResults.Ok(customer);
    }

    public static async Task<Results<Ok<EntitlementView>, ProblemHttpResult>> SetLimitAsync(string customerId, string entitlementId, HttpContext context, IGrainFactory grains)
    {
        if (await RefuseEntitlementAsync(customerId, entitlementId, context, grains) is { } refused)
        {
            return refused;
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(context.Request, GatewayJson.Default.DownloadLimitRequest);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Allowed is < 1)
        {
            return ApiProblem.BadRequest("invalid_limit", "allowed must be at least 1, or null for unlimited.", "allowed");
        }

        return Entitlement(await grains.GetGrain<ICustomerGrain>(customerId)
            .SetDownloadLimitAsync(entitlementId, request.Allowed, OperatorOf(context).Name, context.RequestAborted));
    }

    public static async Task<Results<Ok<EntitlementView>, ProblemHttpResult>> ResetAsync(string customerId, string entitlementId, HttpContext context, IGrainFactory grains) =>
        await RefuseEntitlementAsync(customerId, entitlementId, context, grains) is { } refused
            ? refused
            : Entitlement(await grains.GetGrain<ICustomerGrain>(customerId).ResetDownloadsAsync(entitlementId, OperatorOf(context).Name, context.RequestAborted));

    private static async Task<Ok<StreamPage<JsonElement>>> StreamAsync(IGrainFactory grains, string stream, long? before, int? limit, CancellationToken cancellationToken)
    {
        var max = Math.Clamp(limit ?? 100, 1, 500);
        var page = await Operations(grains).ReadStreamAsync(stream, before, max, cancellationToken: cancellationToken);
        var items = page.Items.Select(r => new StreamItem<JsonElement>(r.Id, r.GrainKey, r.At, JsonDocument.Parse(r.Entry).RootElement.Clone())).ToList();
        return TypedResults.Ok(new StreamPage<JsonElement>(items, page.Next));
    }

    private static IOperationsQueryGrain Operations(IGrainFactory grains) => grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default);

    private static async Task<Results<Ok<OrderAnswer>, ProblemHttpResult>> OperateAsync(
        string orderId, IGrainFactory grains, Func<IOrderGrain, string, Task<OrderAnswer>> operation, HttpContext context)
    {
        var (operatorName, invalidOperator) = OperatorOf(context);
        if ((Identifier.Check(orderId, "orderId") ?? invalidOperator) is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        if (await order.GetAsync(context.RequestAborted) is null)
        {
            return ApiProblem.NotFound("unknown_order", $"No order has the id '{orderId}'.");
        }

        var answer = await operation(order, operatorName);
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
            ? TypedResults.Ok(await catalog.GetAsync(cancellationToken) with { WebhookSecret = result.WebhookSecret })
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

    /// <summary>
    /// Refuses, before any turn, a change to an entitlement that cannot be: ids that are not identifiers, an
    /// unreadable <c>X-Operator</c>, or an entitlement the customer does not have (a turn on it would still write).
    /// </summary>
    private static async Task<ProblemHttpResult?> RefuseEntitlementAsync(string customerId, string entitlementId, HttpContext context, IGrainFactory grains)
    {
        if ((Identifier.Check(customerId, "customerId") ?? Identifier.Check(entitlementId, "entitlementId") ?? OperatorOf(context).Refusal) is { } invalid)
        {
            return ApiProblem.Invalid(invalid);
        }

        var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync(context.RequestAborted);
        return customer.Entitlements.Any(e => e.EntitlementId == entitlementId)
            ? null
            : ApiProblem.NotFound("unknown_entitlement", "No entitlement of this customer has that id.");
    }

    /// <summary>Who acts, for the history: the <c>X-Operator</c> header, or "admin"; refused when it is not a plain name.</summary>
    private static (string Name, FieldRefusal? Refusal) OperatorOf(HttpContext context) =>
        context.Request.Headers["X-Operator"].ToString() is { Length: > 0 } name
            ? (name, FreeText.Check(name, "X-Operator", MaxOperatorLength))
            : ("admin", null);

    private static ICatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
}
