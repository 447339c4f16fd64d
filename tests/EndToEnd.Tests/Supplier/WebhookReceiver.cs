using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Delivery.Gateway.Supplier;
using Orleans.Delivery.Gateway.Webhooks.Supplier;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

// A tiny callback endpoint on loopback that verifies and parses each supplier webhook it receives, answers
// 200 or 401 as the gateway would, and hands what it saw to the test.
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri CallbackUrl { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(string secret, TimeProvider clock, SupplierOrderReader? reader = null)
    {
        var verifier = new SupplierWebhookVerifier(Options.Create(new SupplierWebhookOptions { Secret = secret }));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks/supplier", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var verification = verifier.Verify(request.Headers, body, clock.GetUtcNow());
            var parsed = SupplierWebhookParser.Parse(body, reader ?? SupplierOrderReader.Default);
            await receiver._received.Writer.WriteAsync(new ReceivedWebhook(verification, parsed, body));
            return verification.IsValid ? Results.Ok() : Results.Unauthorized();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.CallbackUrl = new Uri(address.TrimEnd('/') + "/webhooks/supplier");
        return receiver;
    }

    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out ReceivedWebhook? webhook) => _received.Reader.TryRead(out webhook);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
