using Microsoft.AspNetCore.Mvc;
using Orleans.Delivery.Gateway.Console.Pages;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

public static partial class ConsoleEndpoints
{
    private static void MapTestOrders(RouteGroupBuilder console, RouteGroupBuilder actions)
    {
        console.MapGet("/test-order", async (HttpContext context, IGrainFactory grains) =>
            Render<TestOrderPage>(context, new { Catalog = await Catalog(grains).GetAsync(context.RequestAborted), Sku = (string?)null, Email = (string?)null }));
        actions.MapPost("/test-order", PlaceTestOrderAsync);
    }

    private static async Task<IResult> PlaceTestOrderAsync(
        HttpContext context, IGrainFactory grains, TestOrders tests, [FromForm] string? sku, [FromForm] string? email, [FromForm] string? liveSupplier)
    {
        var (orderId, error, status) = await tests.PlaceAsync(sku, email, liveSupplier == "on", context.RequestAborted);
        if (error is null)
        {
            return Done($"{Root}/orders/{Uri.EscapeDataString(orderId!)}", "placed");
        }

        return Render<TestOrderPage>(context, new { Catalog = await Catalog(grains).GetAsync(context.RequestAborted), Sku = sku, Email = email }, status, error);
    }
}
