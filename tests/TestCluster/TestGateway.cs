using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Delivery.Testing;

/// <summary>
/// A gateway of a <see cref="TestCluster"/>, started through <see cref="WebApplicationFactory{TEntryPoint}"/> on a
/// real loopback port (simulators post webhooks to it), sharing the cluster's store and clock.
/// </summary>
public sealed class TestGateway<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly TestCluster cluster;
    private readonly int index;

    internal TestGateway(TestCluster cluster, int index)
    {
        this.cluster = cluster;
        this.index = index;
        // Without a port: UseKestrel(port) rewrites the server's addresses after the app has built, racing Kestrel's
        // own bind on the app's thread ("Addresses cannot be modified after the server has started"). The port comes
        // from the "urls" setting below instead.
        UseKestrel();
    }

    /// <summary>The gateway's base address on loopback.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in cluster.Settings(100 + index))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.ConfigureTestServices(services => cluster.ConfigureServices(services, null));
    }
}
