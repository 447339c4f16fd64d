using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans.Delivery.Gateway.Api;
using Orleans.Delivery.Gateway.Console.Pages;
using Orleans.Delivery.Gateway.Http;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

public static partial class ConsoleEndpoints
{
    private static void MapOrders(RouteGroupBuilder console, RouteGroupBuilder actions)
    {
        console.MapGet("/orders", OrdersAsync);
        console.MapGet("/orders/{orderId}", OrderAsync);
        console.MapGet("/review", ReviewAsync);
        console.MapGet("/alerts", AlertsAsync);
        actions.MapPost("/orders/{orderId}/resend", (HttpContext c, IGrainFactory g, string orderId, [FromForm] string? back) =>
            OperateAsync(c, g, orderId, back, (o, op) => o.ResendDeliveryEmailAsync(op, c.RequestAborted), "resent"));
        actions.MapPost("/orders/{orderId}/retry", (HttpContext c, IGrainFactory g, string orderId, [FromForm] string? back) =>
            OperateAsync(c, g, orderId, back, (o, op) => o.RetryFulfillmentAsync(op, c.RequestAborted), "retried"));
        actions.MapPost("/orders/{orderId}/refund", RefundAsync);
        actions.MapPost("/orders/{orderId}/deliver", DeliverAsync);
    }

    private static async Task<IResult> OrdersAsync(
        HttpContext context, IGrainFactory grains, string? status, string? from, string? to, string? email, string? product, string? test, string? before)
    {
        var filter = new OrderFilter(status, from, to, email, product, test, before);
        var (query, error) = filter.ToQuery();
        var page = query is null
            ? new OrderListPage([], null)
            : await Operations(grains).ReadOrdersAsync(query, context.RequestAborted);
        return Render<OrdersPage>(context, new { Filter = filter, Orders = page }, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, error);
    }

    private static async Task<IResult> OrderAsync(HttpContext context, IGrainFactory grains, string orderId)
    {
        var order = Identifier.IsValid(orderId) ? await grains.GetGrain<IOrderGrain>(orderId).GetAsync(context.RequestAborted) : null;
        return order is null
            ? Render<NotFoundPage>(context, new { What = "order" }, StatusCodes.Status404NotFound)
            : Render<OrderPage>(context, new { Order = order });
    }

    private static async Task<IResult> ReviewAsync(HttpContext context, IGrainFactory grains) =>
        Render<ReviewPage>(context, new { Items = await Operations(grains).ReadReviewAsync(200, context.RequestAborted) });

    private static async Task<IResult> AlertsAsync(HttpContext context, IGrainFactory grains, long? before)
    {
        var page = await Operations(grains).ReadStreamAsync(OperationsStreams.Alerts, before is > 0 ? before : null, 50, cancellationToken: context.RequestAborted);
        var alerts = page.Items.Select(i =>
        {
            using var entry = JsonDocument.Parse(i.Entry);
            var root = entry.RootElement;
            return new AlertRecord(Text(root, "kind"), Text(root, "orderId"), Text(root, "message"), i.At);
        }).ToList();
        return Render<AlertsPage>(context, new { Alerts = alerts, Next = page.Next });
    }

    private static Task<IResult> RefundAsync(HttpContext context, IGrainFactory grains, string orderId, [FromForm] string? reason, [FromForm] string? back)
    {
        if (string.IsNullOrWhiteSpace(reason) || FreeText.Check(reason, "reason", AdminEndpoints.MaxReasonLength, multiline: true) is not null)
        {
            return RefuseAsync(context, grains, orderId, back, "A refund needs a reason of plain text, at most 1000 characters.");
        }

        return OperateAsync(context, grains, orderId, back, (o, op) => o.RefundAsync(reason.Trim(), op, context.RequestAborted), "refunded");
    }

    private static Task<IResult> DeliverAsync(HttpContext context, IGrainFactory grains, string orderId, [FromForm] string? codes, [FromForm] string? back)
    {
        // One code a line; a PIN follows its code after a ';'.
        var delivered = (codes ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(';', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new DeliveredCode(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null))
            .ToList();
        if (delivered.Count == 0 || delivered.Count > AdminEndpoints.MaxDeliveredCodes
            || delivered.Any(c => !Identifier.IsValid(c.Code, AdminEndpoints.MaxCodeLength) || (c.Pin is not null && !Identifier.IsValid(c.Pin, AdminEndpoints.MaxCodeLength))))
        {
            return RefuseAsync(context, grains, orderId, back, "Enter the codes one a line (a PIN after ';'): letters, digits, '-', '_' and '.'.");
        }

        return OperateAsync(context, grains, orderId, back, (o, op) => o.MarkDeliveredAsync(delivered, op, context.RequestAborted), "delivered");
    }

    private static async Task<IResult> OperateAsync(
        HttpContext context, IGrainFactory grains, string orderId, string? back, Func<IOrderGrain, string, Task<OrderAnswer>> operation, string notice)
    {
        if (!Identifier.IsValid(orderId))
        {
            return Render<NotFoundPage>(context, new { What = "order" }, StatusCodes.Status404NotFound);
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        if (await order.GetAsync(context.RequestAborted) is null)
        {
            return Render<NotFoundPage>(context, new { What = "order" }, StatusCodes.Status404NotFound);
        }

        var answer = await operation(order, context.User.Identity?.Name ?? "operator");
        return answer.Refused
            ? await RefuseAsync(context, grains, orderId, back, answer.Error ?? $"The order is {answer.Status}; that action does not apply.", StatusCodes.Status409Conflict)
            : Done(BackTo(back, orderId), notice);
    }

    /// <summary>Shows the page the action came from again, with why it was refused.</summary>
    private static async Task<IResult> RefuseAsync(HttpContext context, IGrainFactory grains, string orderId, string? back, string error, int status = StatusCodes.Status400BadRequest)
    {
        if (back == "review")
        {
            return Render<ReviewPage>(context, new { Items = await Operations(grains).ReadReviewAsync(200, context.RequestAborted) }, status, error);
        }

        var order = Identifier.IsValid(orderId) ? await grains.GetGrain<IOrderGrain>(orderId).GetAsync(context.RequestAborted) : null;
        return order is null
            ? Render<NotFoundPage>(context, new { What = "order" }, StatusCodes.Status404NotFound)
            : Render<OrderPage>(context, new { Order = order }, status, error);
    }

    private static string BackTo(string? back, string orderId) =>
        back == "review" ? Root + "/review" : $"{Root}/orders/{Uri.EscapeDataString(orderId)}";

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static IOperationsQueryGrain Operations(IGrainFactory grains) => grains.GetGrain<IOperationsQueryGrain>(IOperationsQueryGrain.Default);
}
