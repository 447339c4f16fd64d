using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Runtime;

/// <summary>Runs a silo's rounds: at once while there is work, then on the next wake-up or poll.</summary>
public sealed class SiloHostedService(
    SiloWorker worker,
    WorkSignal signal,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILogger<SiloHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunLoops)
        {
            return;
        }

        RuntimeLog.SiloStarted(logger, worker.SiloId);
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = 0;
            var woken = signal.Next;
            try
            {
                ran = await worker.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A lost database connection lands here: the process stays up and the next round reconnects.
                RuntimeLog.RoundFailed(logger, e, worker.SiloId);
            }

            if (ran == 0)
            {
                try
                {
                    await WorkSignal.WaitAsync(woken, options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
