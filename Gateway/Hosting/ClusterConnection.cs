namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>
/// Whether this gateway's Orleans client has joined the cluster. Until it has, no grain can be called (the client
/// knows neither a silo nor the grain types), and every request is answered 503 with <c>Retry-After</c>.
/// </summary>
public sealed class ClusterConnection : ILifecycleParticipant<IClusterClientLifecycle>
{
    private volatile bool _connected;

    public bool IsConnected => _connected;

    // The client's lifecycle reaches Active once it is connected to a silo's gateway and has the cluster's manifest.
    public void Participate(IClusterClientLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterConnection), ServiceLifecycleStage.Active, _ =>
        {
            _connected = true;
            return Task.CompletedTask;
        });
}
