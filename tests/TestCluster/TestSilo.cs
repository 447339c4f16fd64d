using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Delivery.Runtime;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>: a whole host, with its loops off so the test drives them.</summary>
public sealed class TestSilo(int index, IHost host) : IAsyncDisposable
{
    public int Index { get; } = index;

    public IHost Host { get; } = host;

    public IServiceProvider Services => Host.Services;

    public SiloWorker Worker => Services.GetRequiredService<SiloWorker>();

    public GrainClient Client => Services.GetRequiredService<GrainClient>();

    public GrainStore Store => Services.GetRequiredService<GrainStore>();

    public bool Stopped { get; private set; }

    /// <summary>Kills the silo: nothing it holds is released; its leases run out on their own.</summary>
    public async Task KillAsync()
    {
        Stopped = true;
        await Host.StopAsync(TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Stopped)
        {
            Stopped = true;
            await Host.StopAsync(TimeSpan.FromSeconds(5));
        }

        Host.Dispose();
    }
}
