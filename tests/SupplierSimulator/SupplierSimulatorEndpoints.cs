using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Orleans.Delivery.SupplierSimulator.Wire;

namespace Orleans.Delivery.SupplierSimulator;

// The supplier API (/orders, /balance) as a real supplier exposes it, in the API format (SupplierWire), plus /_sim
// for scripting and inspection.
internal static class SupplierSimulatorEndpoints
{
    private const int MaxQuantity = 100;
    private const int MaxReferenceLength = 128;

    public static IEndpointRouteBuilder MapSupplierSimulator(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", PlaceOrderAsync);
        app.MapGet("/orders/{id}", GetOrderAsync);
        app.MapGet("/orders", FindByReferenceAsync);
        app.MapGet("/balance", GetBalanceAsync);

        var sim = app.MapGroup("/_sim");
        sim.MapGet("/ledger", (SimulatedSupplier supplier) => Results.Json(supplier.Ledger, SimulatorJsonContext.Default.IReadOnlyListSupplierLedgerEntry));
        sim.MapGet("/webhooks", (SimulatedSupplier supplier) => Results.Json(supplier.WebhookDeliveries, SimulatorJsonContext.Default.IReadOnlyListWebhookDelivery));
        sim.MapGet("/counters", (SimulatedSupplier supplier) => Results.Json(
            new CountersJson(
                supplier.RequestCount(SupplierEndpoint.PlaceOrder),
                supplier.RequestCount(SupplierEndpoint.GetOrder),
                supplier.RequestCount(SupplierEndpoint.FindByReference),
                supplier.RequestCount(SupplierEndpoint.GetBalance)),
            SimulatorJsonContext.Default.CountersJson));
        sim.MapPost("/webhooks/release", async (SimulatedSupplier supplier, CancellationToken cancellationToken) =>
            Results.Ok(await supplier.ReleaseWebhooksAsync(cancellationToken)));
        sim.MapPut("/skus/{sku}", (string sku, ScriptJson body, SimulatedSupplier supplier) =>
            ScriptAsync(body, behaviour => supplier.Script(sku, behaviour)));
        sim.MapPut("/references/{reference}", (string reference, ScriptJson body, SimulatedSupplier supplier) =>
            ScriptAsync(body, behaviour => supplier.ScriptReference(reference, behaviour)));
        sim.MapPut("/balance", (BalanceJson body, SimulatedSupplier supplier) =>
        {
            supplier.Balance = body.Balance;
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> PlaceOrderAsync(HttpContext context, SimulatedSupplier supplier)
    {
        supplier.Count(SupplierEndpoint.PlaceOrder);
        var aborted = context.RequestAborted;
        await supplier.DelayAsync(supplier.Options.DefaultLatency, aborted);
        if (!supplier.IsAuthorized(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        if (!context.Request.HasJsonContentType())
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
        }

        var (request, problem) = await ReadOrderRequestAsync(context.Request, aborted);
        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, problem!);
        }

        var (sku, quantity, reference) = request.Value;
        var script = supplier.Resolve(reference, sku);
        var behaviour = script.Behaviour;
        switch (behaviour.Kind)
        {
            case SupplierBehaviourKind.Error500 when script.TryConsumeError():
                if (behaviour.OrderCreatedOnError)
                {
                    supplier.CreateOrder(sku, quantity, reference, SupplierBehaviour.Completed);
                }

                return Error(StatusCodes.Status500InternalServerError, "internal_error");

            case SupplierBehaviourKind.MalformedJson:
                return Malformed(supplier, supplier.CreateOrder(sku, quantity, reference, behaviour), StatusCodes.Status201Created);

            case SupplierBehaviourKind.UnreadableAnswer:
                supplier.CreateOrder(sku, quantity, reference, behaviour);
                return Results.Text("<html><body><h1>Request accepted</h1></body></html>", "text/html", Encoding.UTF8, StatusCodes.Status200OK);

            case SupplierBehaviourKind.CreatedAnswerLost:
                supplier.CreateOrder(sku, quantity, reference, behaviour);

                // The order exists, the answer never leaves: the client sees the connection drop.
                context.Abort();
                return Results.Empty;

            case SupplierBehaviourKind.Slow:
                var created = supplier.CreateOrder(sku, quantity, reference, behaviour);
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, supplier.Stopping))
                {
                    try
                    {
                        await supplier.DelayAsync(behaviour.Delay, linked.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up (or the simulator stops): nobody is left to answer.
                        return Results.Empty;
                    }
                }

                return Created(supplier, created);

            default:
                return Created(supplier, supplier.CreateOrder(sku, quantity, reference, behaviour));
        }
    }

    private static async Task<IResult> GetOrderAsync(string id, HttpContext context, SimulatedSupplier supplier)
    {
        supplier.Count(SupplierEndpoint.GetOrder);
        await supplier.DelayAsync(supplier.Options.DefaultLatency, context.RequestAborted);
        if (!supplier.IsAuthorized(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        if (supplier.Find(id) is not { } order)
        {
            return Error(StatusCodes.Status404NotFound, "order_not_found");
        }

        return LookupFault(supplier, order) ?? Ok(supplier, supplier.Poll(id)!);
    }

    private static async Task<IResult> FindByReferenceAsync(HttpContext context, SimulatedSupplier supplier)
    {
        supplier.Count(SupplierEndpoint.FindByReference);
        await supplier.DelayAsync(supplier.Options.DefaultLatency, context.RequestAborted);
        if (!supplier.IsAuthorized(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        var reference = context.Request.Query["reference"].ToString();
        if (string.IsNullOrWhiteSpace(reference))
        {
            return Error(StatusCodes.Status400BadRequest, "the reference query parameter is required");
        }

        if (supplier.FindByReference(reference) is not { } order)
        {
            return Error(StatusCodes.Status404NotFound, "order_not_found");
        }

        return LookupFault(supplier, order) ?? Ok(supplier, order);
    }

    private static async Task<IResult> GetBalanceAsync(HttpContext context, SimulatedSupplier supplier)
    {
        supplier.Count(SupplierEndpoint.GetBalance);
        await supplier.BalanceHeldAsync(context.RequestAborted);
        await supplier.DelayAsync(supplier.Options.DefaultLatency, context.RequestAborted);
        if (!supplier.IsAuthorized(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        return Results.Json(new BalanceJson(supplier.Balance, supplier.Options.Currency), SimulatorJsonContext.Default.BalanceJson);
    }

    // Lookups of an order whose SKU or reference is now scripted error-500 or malformed-json fail the same way.
    private static IResult? LookupFault(SimulatedSupplier supplier, SupplierLedgerEntry order)
    {
        var script = supplier.Resolve(order.Reference, order.Sku);
        return script.Behaviour.Kind switch
        {
            SupplierBehaviourKind.Error500 when script.TryConsumeError() => Error(StatusCodes.Status500InternalServerError, "internal_error"),
            SupplierBehaviourKind.MalformedJson => Malformed(supplier, order, StatusCodes.Status200OK),
            _ => null,
        };
    }

    private static async Task<((string Sku, int Quantity, string Reference)? Request, string? Problem)> ReadOrderRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "the body must be a JSON object");
            }

            if (!root.TryGetProperty("sku", out var sku) || sku.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(sku.GetString()))
            {
                return (null, "sku is required (a non-empty string)");
            }

            if (!root.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number || !quantity.TryGetInt32(out var count) || count is < 1 or > MaxQuantity)
            {
                return (null, $"quantity is required (an integer from 1 to {MaxQuantity})");
            }

            if (!root.TryGetProperty("reference", out var reference) || reference.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(reference.GetString()) || reference.GetString()!.Length > MaxReferenceLength)
            {
                return (null, $"reference is required (a non-empty string of at most {MaxReferenceLength} characters)");
            }

            return ((sku.GetString()!, count, reference.GetString()!), null);
        }
    }

    private static IResult ScriptAsync(ScriptJson body, Action<SupplierBehaviour> script)
    {
        try
        {
            script(SupplierBehaviour.Parse(body.Behaviour ?? ""));
            return Results.NoContent();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static IResult Created(SimulatedSupplier supplier, SupplierLedgerEntry order) => Order(supplier, order, StatusCodes.Status201Created);

    private static IResult Ok(SimulatedSupplier supplier, SupplierLedgerEntry order) => Order(supplier, order, StatusCodes.Status200OK);

    private static IResult Order(SimulatedSupplier supplier, SupplierLedgerEntry order, int statusCode) =>
        Results.Text(supplier.ToJson(order).ToJsonString(), "application/json", Encoding.UTF8, statusCode);

    // The real answer cut in half: valid UTF-8, invalid JSON, as a proxy truncating a response would leave it.
    private static IResult Malformed(SimulatedSupplier supplier, SupplierLedgerEntry order, int statusCode)
    {
        var json = supplier.ToJson(order).ToJsonString();
        return Results.Text(json[..(json.Length / 2)], "application/json", Encoding.UTF8, statusCode);
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
        return Error(StatusCodes.Status401Unauthorized, "invalid_api_key");
    }

    private static IResult Error(int statusCode, string error) =>
        Results.Json(new ErrorJson(error), SimulatorJsonContext.Default.ErrorJson, statusCode: statusCode);
}
