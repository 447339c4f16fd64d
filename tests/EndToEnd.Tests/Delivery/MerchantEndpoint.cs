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

/// <summary>
/// A merchant's fulfillment webhook on a loopback port: records each call (GET or POST) and answers as the test says,
/// from a script of answers, then <see cref="Answer"/>; it can hold calls until released.
/// </summary>
internal sealed class MerchantEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<MerchantCall> _calls = new();
    private readonly ConcurrentQueue<MerchantAnswer> _script = new();
    private readonly SemaphoreSlim _received = new(0);
    private TaskCompletionSource? _hold;

    private MerchantEndpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The status and body of every answer once the script is used up.</summary>
    public (int Status, string Body) Answer { get; set; } = (200, "LICENSE-KEY");

    /// <summary>The content type of <see cref="Answer"/>.</summary>
    public string ContentType { get; set; } = "text/plain";

    /// <summary>Answers the next calls with these, in order, before <see cref="Answer"/>.</summary>
    public void Script(params MerchantAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    /// <summary>From now on each call waits, after it is recorded, until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold?.TrySetResult();

    public IReadOnlyList<MerchantCall> Calls => [.. _calls];

    /// <summary>Waits, bounded, until <paramref name="count"/> calls have arrived in all.</summary>
    public async Task WaitForCallsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_calls.Count < count)
        {
            await _received.WaitAsync(cancel.Token);
        }
    }

    public static async Task<MerchantEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new MerchantEndpoint(app);
        app.MapMethods("/fulfil", ["GET", "POST"], (Delegate)endpoint.HandleAsync);
        app.MapMethods("/elsewhere", ["GET", "POST"], (Delegate)endpoint.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(address.TrimEnd('/') + "/fulfil");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _received.Dispose();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        _calls.Enqueue(new MerchantCall(
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString.Value ?? "",
            buffer.ToArray(),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        _received.Release();
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var answer = _script.TryDequeue(out var scripted) ? scripted : new MerchantAnswer(Answer.Status, Answer.Body, ContentType);
        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
    }
}

/// <summary>One scripted answer of the merchant.</summary>
internal sealed record MerchantAnswer(int Status, string Body, string ContentType = "text/plain", string? Location = null);

/// <summary>One call the merchant received: method, path, raw query string (with its '?'), raw body and headers.</summary>
internal sealed record MerchantCall(string Method, string Path, string Query, byte[] Body, IReadOnlyDictionary<string, string> Headers);
