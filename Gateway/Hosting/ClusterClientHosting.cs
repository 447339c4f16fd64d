using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Delivery.Gateway.Http;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>
/// The standalone gateway as an Orleans client of the cluster on PostgreSQL. It starts and listens whether or not a
/// silo is up, keeps trying to connect, and answers 503 with <c>Retry-After</c> until it has connected; after that,
/// a call no silo can take throws an Orleans exception, answered the same way by <see cref="LastResortExceptionHandler"/>.
/// </summary>
public static class ClusterClientHosting
{
    /// <summary>
    /// How often the client rereads the silos' gateway endpoints from the membership table (Orleans' default is one
    /// minute); <c>Orleans:GatewayListRefreshPeriod</c>. A new silo is found within this.
    /// </summary>
    public static readonly TimeSpan DefaultGatewayListRefreshPeriod = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may wait for a silo's answer (<c>Orleans:ResponseTimeout</c>).</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, string postgres)
    {
        var cluster = builder.Configuration.GetSection("Orleans");
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddSingleton<ILifecycleParticipant<IClusterClientLifecycle>>(sp => sp.GetRequiredService<ClusterConnection>());

        // The Orleans client connects in its hosted service's StartAsync, retrying until a silo answers, and
        // WebApplicationBuilder registers the web server's hosted service last. Started one after the other (the
        // default), Kestrel would not listen until a silo is up and a webhook sender would meet a refused connection;
        // started together, requests are answered (503) while the client is still connecting.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster["ClusterId"] ?? "orleans-delivery";
                o.ServiceId = cluster["ServiceId"] ?? "orleans-delivery";
            })
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GetValue("GatewayListRefreshPeriod", DefaultGatewayListRefreshPeriod))
            .UseConnectionRetryFilter<ClusterConnectionRetry>()
            // Grain calls carry the request's trace (W3C traceparent) to the silos.
            .AddActivityPropagation()
            // A call to a silo that died mid-call fails after this, and is answered 503: well inside the time a webhook
            // sender waits (Orleans' default is 30 s).
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.GetValue("ResponseTimeout", DefaultResponseTimeout))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres))
            // A silo whose database did not answer sends the driver's exception; it is answered 503 here.
            .Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql")));
        return builder;
    }

    /// <summary>Answers every request 503 with <c>Retry-After</c> until the client has connected to the cluster.</summary>
    public static WebApplication UseClusterConnection(this WebApplication app)
    {
        var connection = app.Services.GetRequiredService<ClusterConnection>();
        var logger = app.Services.GetRequiredService<ILogger<ClusterConnection>>();
        app.Use(async (context, next) =>
        {
            if (connection.IsConnected)
            {
                await next(context);
                return;
            }

            ClusterClientLog.NotConnected(logger);
            await LastResortExceptionHandler.Unavailable(context).ExecuteAsync(context);
        });
        return app;
    }
}
