using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Gateway.Hosting;

namespace Orleans.Delivery.Testing;

/// <summary>
/// A gateway of a <see cref="TestCluster"/> on a real loopback port (simulators post webhooks to it): the gateway's
/// own composition (<c>AddGateway</c>, <c>MapGateway</c>) over the cluster's client, as the Gateway host runs it over
/// its Orleans client.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestGateway(WebApplication app) => this.app = app;

    /// <summary>The gateway's base address on loopback.</summary>
    public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        .Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    public IServiceProvider Services => app.Services;

    internal static async Task<TestGateway> StartAsync(TestCluster cluster, int index)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = cluster.Options.GatewayEnvironment });
        builder.Configuration.AddInMemoryCollection(cluster.Settings(100 + index));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGateway(builder.Configuration);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSingleton(cluster.Client);
        cluster.ConfigureServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        return new TestGateway(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
