using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Silo.Reconciliation;

/// <summary>Registers the periodic operations grains' reminders once the silo serves grains; idempotent across silos and restarts.</summary>
public sealed class OperationsStarter(IGrainFactory grains) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<IReconciliationGrain>(IReconciliationGrain.Default).StartAsync(cancellationToken);
        await grains.GetGrain<IAlertsGrain>(IAlertsGrain.Default).StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
