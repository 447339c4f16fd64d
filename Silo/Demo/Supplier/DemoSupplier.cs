using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Orleans.Delivery.Silo.Demo.Supplier;

/// <summary>
/// The built-in demo supplier: the supplier API the silo calls (<c>POST /orders</c>, <c>GET /orders/{order_id}</c>,
/// <c>GET /orders?reference=</c>, <c>GET /balance</c>, bearer key), on a loopback port of its own inside the demo
/// node. Every order completes at once with demo codes. Only demo mode starts it, so no real supplier is ever called.
/// </summary>
/// <remarks>
/// Its own small host, not routes of the node: the supplier options need its address before the node is built, and
/// the node's configuration (URLs, Kestrel endpoints) must not reach it.
/// </remarks>
public sealed class DemoSupplier : IAsyncDisposable
{
    private const int MaxQuantity = 100;
    private const int MaxReferenceLength = 200;
    private const int MaxBodyBytes = 64 * 1024;

    private readonly WebApplication _app;
    private readonly DemoSupplierBook _book;

    private DemoSupplier(WebApplication app, DemoSupplierBook book, Uri baseUrl, string apiKey)
    {
        _app = app;
        _book = book;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The key the silo must send as <c>Authorization: Bearer …</c>; new at every start.</summary>
    public string ApiKey { get; }

    public static async Task<DemoSupplier> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var book = new DemoSupplierBook();
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        app.MapPost("/orders", context => Authorized(context, apiKey) ? PlaceAsync(context, book) : Unauthorized(context));
        app.MapGet("/orders/{orderId}", context => Authorized(context, apiKey)
            ? Answer(context, book.Find((string)context.Request.RouteValues["orderId"]!))
            : Unauthorized(context));
        app.MapGet("/orders", context => !Authorized(context, apiKey) ? Unauthorized(context)
            : context.Request.Query["reference"].ToString() is { Length: > 0 } reference ? Answer(context, book.FindByReference(reference))
            : WriteAsync(context, StatusCodes.Status400BadRequest, new DemoErrorJson("the reference query parameter is required"), Json.DemoErrorJson));
        app.MapGet("/balance", context => Authorized(context, apiKey)
            ? WriteAsync(context, StatusCodes.Status200OK, new DemoBalanceJson(1_000_000m, "USD"), Json.DemoBalanceJson)
            : Unauthorized(context));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoSupplier(app, book, new Uri(address.TrimEnd('/') + "/"), apiKey);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static DemoSupplierJsonContext Json => DemoSupplierJsonContext.Default;

    private static async Task PlaceAsync(HttpContext context, DemoSupplierBook book)
    {
        DemoOrderRequestJson? request;
        try
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new DemoErrorJson("the body is too large"), Json.DemoErrorJson);
                return;
            }

            request = await JsonSerializer.DeserializeAsync(context.Request.Body, Json.DemoOrderRequestJson, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is not { Sku.Length: > 0, Quantity: >= 1 and <= MaxQuantity, Reference.Length: > 0 and <= MaxReferenceLength })
        {
            await WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                new DemoErrorJson($"send {{\"sku\", \"quantity\" (1 to {MaxQuantity}), \"reference\"}}"),
                Json.DemoErrorJson);
            return;
        }

        await WriteAsync(context, StatusCodes.Status201Created, book.Place(request.Quantity.Value, request.Reference), Json.DemoOrderJson);
    }

    private static Task Answer(HttpContext context, DemoOrderJson? order) =>
        order is null
            ? WriteAsync(context, StatusCodes.Status404NotFound, new DemoErrorJson("order_not_found"), Json.DemoErrorJson)
            : WriteAsync(context, StatusCodes.Status200OK, order, Json.DemoOrderJson);

    private static bool Authorized(HttpContext context, string apiKey) =>
        context.Request.Headers.Authorization.ToString() is var header
        && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header["Bearer ".Length..]), System.Text.Encoding.UTF8.GetBytes(apiKey));

    private static Task Unauthorized(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, new DemoErrorJson("invalid API key"), Json.DemoErrorJson);

    private static async Task WriteAsync<T>(HttpContext context, int status, T body, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, type, context.RequestAborted);
    }
}
