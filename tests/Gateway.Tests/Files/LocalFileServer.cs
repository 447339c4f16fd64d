using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Gateway.Files;

namespace Orleans.Delivery.Gateway.Tests.Files;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving <see cref="LocalFileEndpoints"/> from a private temp folder, with a clock the
/// test moves.
/// </summary>
internal sealed class LocalFileServer : IAsyncDisposable
{
    public const long MaxUploadBytes = 64 * 1024;

    private readonly WebApplication _app;

    private LocalFileServer(WebApplication app, string directory, LocalFileStore store, FakeTimeProvider clock, HttpClient http)
    {
        _app = app;
        Directory = directory;
        Store = store;
        Clock = clock;
        Http = http;
    }

    /// <summary>The temp folder: the store's root is <c>{Directory}/files</c>.</summary>
    public string Directory { get; }

    public LocalFileStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<LocalFileServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orleans-delivery-files-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var clock = new FakeTimeProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<TimeProvider>(clock);

        // The store must know the public address, which exists only once Kestrel has its port: the endpoint resolves
        // the store on the first request, by which time it is set.
        LocalFileStore? store = null;
        builder.Services.AddSingleton(_ => store ?? throw new InvalidOperationException("The store is not set yet."));
        var app = builder.Build();
        app.MapLocalFiles();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var options = new FileStoreOptions
        {
            MaxUploadBytes = MaxUploadBytes,
            Local = new LocalFileStoreOptions
            {
                RootPath = Path.Combine(directory, "files"),
                PublicBaseUrl = address,
                Secret = "test-secret-" + Guid.NewGuid().ToString("N"),
            },
        };
        store = new LocalFileStore(options, options.Local.Secret!);
        return new LocalFileServer(app, directory, store, clock, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
