using Orleans.Delivery.Gateway.Console.Pages;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

public static partial class ConsoleEndpoints
{
    private static void MapSupplierHealth(RouteGroupBuilder console) =>
        console.MapGet("/supplier", async (HttpContext context, IGrainFactory grains) =>
            Render<SupplierHealthPage>(context, new
            {
                Health = await grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default).GetSupplierHealthAsync(context.RequestAborted),
            }));
}
