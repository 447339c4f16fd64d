using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Delivery.Runtime.Storage;

namespace Orleans.Delivery.Runtime;

/// <summary>
/// LISTENs on its own connection for work planned by other processes and pulses the local loops. Losing it only
/// slows pickup to the poll interval; it reconnects on its own.
/// </summary>
public sealed class PostgresWakeupListener(
    GrainStore store,
    WorkSignal signal,
    TimeProvider time,
    ILogger<PostgresWakeupListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not PostgresGrainStore postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await postgres.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Pulse();
                await using (var listen = new NpgsqlCommand("LISTEN od_work", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RuntimeLog.ListenerLost(logger, e);
                signal.Pulse();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
