using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>A merchant's fulfillment webhook on a loopback port: records each call and answers as the test says.</summary>
internal sealed class MerchantEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MerchantCall> _calls = new();

    private MerchantEndpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The status and body of every answer from now on.</summary>
    public (int Status, string Body) Answer { get; set; } = (200, "LICENSE-KEY");

    public IReadOnlyList<MerchantCall> Calls => [.. _calls];

    public static async Task<MerchantEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new MerchantEndpoint(app);
        app.MapPost("/fulfil", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            endpoint._calls.Enqueue(new MerchantCall(
                buffer.ToArray(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            var (status, body) = endpoint.Answer;
            return Results.Text(body, "text/plain", statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(address.TrimEnd('/') + "/fulfil");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One call the merchant received: the raw body and the headers.</summary>
internal sealed record MerchantCall(byte[] Body, IReadOnlyDictionary<string, string> Headers);
