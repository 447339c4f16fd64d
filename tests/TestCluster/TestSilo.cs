using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Orleans.Delivery.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestSilo(TestCluster cluster, InProcessSiloHandle handle)
{
    internal InProcessSiloHandle Handle { get; } = handle;

    public IServiceProvider Services => Handle.SiloHost.Services;

    /// <summary>The grain factory of this silo's own runtime.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's effect runner.</summary>
    public Grains.Effects.EffectRunner Runner => Services.GetRequiredService<Grains.Effects.EffectRunner>();

    public bool Stopped { get; private set; }

    /// <summary>Kills the silo: nothing is handed over; the cluster learns of its death through membership.</summary>
    public async Task KillAsync()
    {
        Stopped = true;
        await cluster.StopSiloAsync(this, kill: true);
    }

    /// <summary>Stops the silo gracefully: its grains deactivate and its reminders move to the others.</summary>
    public async Task StopAsync()
    {
        Stopped = true;
        await cluster.StopSiloAsync(this, kill: false);
    }
}
