using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Delivery.Gateway.Console;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Api;

/// <summary>The operators' listings over the operations tables: orders by status, date, customer, product and test/live.</summary>
public static class OperationsAdminEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapOperationsAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Admin").RequireApiKey(ApiRole.Admin);
        admin.MapGet("/orders", ListOrdersAsync)
            .WithSummary("Orders, newest first, filtered by status, creation date range (from inclusive, to exclusive), customer email, product sku and test/live; before is the paging cursor");
        admin.MapGet("/deliveries", SearchDeliveriesAsync)
            .WithSummary("The delivery log, newest first: every delivery and resend, filtered by order, customer email, product sku and date range (from inclusive, to exclusive); format=csv exports every match");
        admin.MapGet("/deliveries.csv", (HttpContext c, IGrainFactory g, string? order, string? email, string? product, string? from, string? to) =>
                SearchDeliveriesAsync(c, g, order, email, product, from, to, before: null, limit: null, format: "csv"))
            .WithSummary("The delivery log as CSV (the same filters), the evidence for payment disputes");
        admin.MapGet("/alerts/open", OpenAlertsAsync).WithSummary("The operations alerts whose condition holds now, with the figures that raised them");
        admin.MapGet("/supplier/health", SupplierHealthAsync)
            .WithSummary("The supplier's health: latency (average, p95) and failures over 5 minutes and an hour, balance and its age, typical daily spend, each silo's circuit, live orders paid and delivered per minute over 24 hours");
        return app;
    }

    public static async Task<Ok<SupplierHealth>> SupplierHealthAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default).GetSupplierHealthAsync(cancellationToken));

    public static async Task<Ok<IReadOnlyList<OpenAlert>>> OpenAlertsAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(IAlertsGrain.Default).GetOpenAsync(cancellationToken));

    public static async Task<Results<Ok<OrderListPage>, ProblemHttpResult>> ListOrdersAsync(
        IGrainFactory grains,
        CancellationToken cancellationToken,
        string? status = null,
        string? from = null,
        string? to = null,
        string? email = null,
        string? product = null,
        string? test = null,
        string? before = null,
        string? limit = null)
    {
        var (query, problem) = OrderQueryOf(status, from, to, email, product, test, limit);
        if (problem is not null)
        {
            return problem;
        }

        if (Blank(before) is { } cursor && !OrderFilter.IsCursor(cursor))
        {
            return ApiProblem.BadRequest("invalid_before", "before must be the next cursor of a previous page.", "before");
        }

        return TypedResults.Ok(
            await grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default).ReadOrdersAsync(query! with { Before = Blank(before) }, cancellationToken));
    }

    /// <summary>The most rows one CSV export holds.</summary>
    public const int MaxExportRows = 100_000;

    public static async Task<IResult> SearchDeliveriesAsync(
        HttpContext context,
        IGrainFactory grains,
        string? order = null,
        string? email = null,
        string? product = null,
        string? from = null,
        string? to = null,
        string? before = null,
        string? limit = null,
        string? format = null)
    {
        var csv = Blank(format) switch
        {
            null or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return ApiProblem.BadRequest("invalid_format", "format must be json or csv.", "format");
        }

        if (Check(order, "order") is { } invalidOrder)
        {
            return ApiProblem.Invalid(invalidOrder);
        }

        var (orders, problem) = OrderQueryOf(null, from, to, email, product, null, limit);
        if (problem is not null)
        {
            return problem;
        }

        long? cursor = null;
        if (Blank(before) is { } b)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return ApiProblem.BadRequest("invalid_before", "before must be a cursor from a previous page (a positive whole number).", "before");
            }

            cursor = parsed;
        }

        var filter = new DeliveryFilter(Blank(order), orders!.Email, orders.Product, orders.From, orders.To, cursor, Blank(limit) is null ? 100 : orders.Limit);
        var query = grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default);
        if (csv == false)
        {
            var page = await query.SearchDeliveriesAsync(filter, context.RequestAborted);
            return TypedResults.Ok(new StreamPage<JsonElement>(
                page.Items.Select(r => new StreamItem<JsonElement>(r.Id, r.GrainKey, r.At, JsonDocument.Parse(r.Entry).RootElement.Clone())).ToList(), page.Next));
        }

        return new DeliveryCsvResult(query, filter with { Limit = MaxLimit }, MaxExportRows);
    }

    /// <summary>The filters the query parameters describe (no cursor), or a 400 naming the parameter that is not valid.</summary>
    public static (OrderQuery? Query, ProblemHttpResult? Problem) OrderQueryOf(
        string? status, string? from, string? to, string? email, string? product, string? test, string? limit)
    {
        status = Blank(status);
        if (status is not null && !OrderListItem.Statuses.Contains(status, StringComparer.Ordinal))
        {
            return (null, ApiProblem.BadRequest("invalid_status", $"status must be one of: {string.Join(", ", OrderListItem.Statuses)}.", "status"));
        }

        if (Time(from, "from") is { Problem: { } fromProblem })
        {
            return (null, fromProblem);
        }

        if (Time(to, "to") is { Problem: { } toProblem })
        {
            return (null, toProblem);
        }

        if ((Check(email, "email") ?? Check(product, "product")) is { } invalid)
        {
            return (null, ApiProblem.Invalid(invalid));
        }

        var testText = Blank(test);
        if (testText is not (null or "true" or "false"))
        {
            return (null, ApiProblem.BadRequest("invalid_test", "test must be true or false.", "test"));
        }

        bool? testOnly = testText is null ? null : testText == "true";

        var max = 50;
        if (Blank(limit) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
        {
            return (null, ApiProblem.BadRequest("invalid_limit", $"limit must be a whole number from 1 to {MaxLimit}.", "limit"));
        }

        return (new OrderQuery(status, Time(from, "from").Value, Time(to, "to").Value, Blank(email), Blank(product), testOnly, null, max), null);
    }

    private static (DateTimeOffset? Value, ProblemHttpResult? Problem) Time(string? text, string field)
    {
        if (Blank(text) is not { } value)
        {
            return (null, null);
        }

        // A date alone is that day's start in UTC; a time without an offset is UTC too.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? (parsed, null)
            : (null, ApiProblem.BadRequest($"invalid_{field}", $"{field} must be an ISO 8601 date or date and time, e.g. 2030-01-31 or 2030-01-31T12:00:00Z.", field));
    }

    private static FieldRefusal? Check(string? value, string field) => Blank(value) is { } v ? Identifier.Check(v, field) : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
