using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Silo.Operations.Orders;
using Orleans.Runtime;

namespace Orleans.Delivery.Silo.Operations;

/// <summary>
/// Keeps this silo's figure of live orders paid and not yet delivered (<see cref="DeliveryMetrics.PaidUndelivered"/>,
/// <see cref="DeliveryMetrics.OldestPaidUndeliveredAge"/>): one cheap aggregate read of the orders table at start and
/// every <see cref="OrderBacklogOptions.PaidUndeliveredRefresh"/>, on the injected clock. The gauges report the last
/// read; a scrape never reaches the database. Test orders are not counted (the store's query leaves them out).
/// </summary>
public sealed class PaidUndeliveredGauge(
    IOrderListStore orders, TimeProvider time, IOptions<OrderBacklogOptions> options, ILocalSiloDetails silo, ILogger<PaidUndeliveredGauge> logger)
    : BackgroundService
{
    private (int Count, DateTimeOffset? OldestPaidAt)? last;

    /// <summary>Raised after each read (for tests): the figure as the gauges now report it.</summary>
    public event Action<DeliveryMetrics.Backlog>? Refreshed;

    /// <summary>The figure the gauges report, or null before the first read.</summary>
    public DeliveryMetrics.Backlog? Current =>
        last is { } read ? new DeliveryMetrics.Backlog(read.Count, read.OldestPaidAt is { } at ? time.GetUtcNow() - at : TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var gauge = DeliveryMetrics.ObservePaidUndelivered(silo.SiloAddress.ToString(), () => Current);
        using var timer = new PeriodicTimer(options.Value.PaidUndeliveredRefresh, time);
        do
        {
            try
            {
                last = await orders.PaidUndeliveredAsync(time.GetUtcNow(), stoppingToken);
                Refreshed?.Invoke(Current!.Value);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The last figure stays; the next tick reads again.
                OperationsLog.BacklogNotRead(logger, exception.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
