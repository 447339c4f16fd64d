using Microsoft.Extensions.Logging;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>
/// Keeps the gateway's Orleans client trying to reach the cluster for as long as the process runs: a gateway may start
/// before PostgreSQL, before its schema, or before any silo. Orleans' default filter gives up after 15 tries and the
/// host then fails to start.
/// </summary>
/// <remarks>
/// Hand-written rather than a Polly pipeline: Orleans owns the loop and asks this filter only whether, and after what
/// wait, to try again.
/// </remarks>
public sealed class ClusterConnectionRetry(TimeProvider time, ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    /// <summary>The longest wait between two attempts; the first waits 1 s, each next one a second longer.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var attempt = Interlocked.Increment(ref _attempts);
        var delay = TimeSpan.FromSeconds(Math.Min(attempt, MaxDelay.TotalSeconds));
        ClusterClientLog.ConnectionFailed(logger, attempt, delay.TotalSeconds, exception.GetType().Name, exception.Message);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }
}
