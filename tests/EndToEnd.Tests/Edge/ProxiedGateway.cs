using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Edge;

/// <summary>
/// The standalone gateway of a PostgreSQL <see cref="TestCluster"/>, on a loopback port, that reaches the database
/// through <paramref name="connectionString"/> (a <see cref="TcpForwarder"/>) instead of the cluster's own.
/// </summary>
internal sealed class ProxiedGateway : WebApplicationFactory<Gateway.Program>
{
    private readonly TestCluster _cluster;
    private readonly string _connectionString;

    public ProxiedGateway(TestCluster cluster, string connectionString)
    {
        _cluster = cluster;
        _connectionString = connectionString;
        UseKestrel();
    }

    public Uri BaseAddress =>
        new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _cluster.Settings(200))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.ConfigureTestServices(services => _cluster.ConfigureServices(services, null));
    }
}
