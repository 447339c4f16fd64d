using Microsoft.Extensions.Options;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// Counts wrong passwords in a row per client address, once for the whole cluster (<see cref="ILoginThrottleGrain"/>),
/// so a guesser gains nothing by spreading tries over several gateways. After
/// <see cref="ConsoleOptions.MaxFailedLogins"/> of them the client waits <see cref="ConsoleOptions.LockoutPeriod"/>
/// before any further try, twice as long after each further wrong one (at most 15 minutes); a right password clears the
/// count.
/// </summary>
/// <remarks>Hand-written: ASP.NET Core's rate limiter counts requests in windows per process, not failures in a row across gateways.</remarks>
public sealed class LoginThrottle(IGrainFactory grains, IOptions<ConsoleOptions> options)
{
    /// <summary>
    /// How long <paramref name="client"/> must still wait before it may try again; null when it may try now, and the try
    /// is then counted as wrong until <see cref="SucceededAsync"/>.
    /// </summary>
    public Task<TimeSpan?> TryAttemptAsync(string client, CancellationToken cancellationToken) =>
        Grain(client).TryAttemptAsync(new LoginThrottlePolicy(options.Value.MaxFailedLogins, options.Value.LockoutPeriod), cancellationToken);

    public Task SucceededAsync(string client, CancellationToken cancellationToken) => Grain(client).SucceededAsync(cancellationToken);

    // An address is short and printable; anything else (no address known) shares one count.
    private ILoginThrottleGrain Grain(string client) =>
        grains.GetGrain<ILoginThrottleGrain>(client.Length is > 0 and <= GrainKeys.MaxLength ? client : "unknown");
}
