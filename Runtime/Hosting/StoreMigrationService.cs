using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Runtime;

/// <summary>Creates or upgrades the schema before anything else of the host starts.</summary>
public sealed class StoreMigrationService(GrainStore store, TimeProvider time, ILogger<StoreMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(time.GetUtcNow(), cancellationToken);
        RuntimeLog.Migrated(logger, store.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
