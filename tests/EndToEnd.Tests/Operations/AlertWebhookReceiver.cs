using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>An outgoing alert webhook's receiver: a real HTTP server on loopback that keeps every JSON body posted to it.</summary>
public sealed class AlertWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _all = [];
    private readonly Lock _gate = new();

    private AlertWebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every body received so far, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    public static async Task<AlertWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new AlertWebhookReceiver(app);
        app.MapPost("/alerts", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            lock (receiver._gate)
            {
                receiver._all.Add(body);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/alerts");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
