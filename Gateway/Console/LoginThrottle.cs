using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// Counts wrong passwords in a row per client address. After <see cref="ConsoleOptions.MaxFailedLogins"/> of them the
/// client waits <see cref="ConsoleOptions.LockoutPeriod"/> before any further try, twice as long after each further
/// wrong one (at most 15 minutes); a right password clears the count. Kept in memory per gateway: a lockout slows
/// guessing, it is not an audit record.
/// </summary>
/// <remarks>Hand-written: ASP.NET Core's rate limiter counts requests in windows, not failures in a row.</remarks>
public sealed class LoginThrottle(TimeProvider time, IOptions<ConsoleOptions> options)
{
    private const int MaxClients = 10_000;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);
    private readonly Dictionary<string, (int Failures, DateTimeOffset LockedUntil)> clients = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>How long <paramref name="client"/> must still wait before it may try again; null when it may try now.</summary>
    public TimeSpan? WaitFor(string client)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            return clients.TryGetValue(client, out var entry) && entry.LockedUntil > now ? entry.LockedUntil - now : null;
        }
    }

    public void Failed(string client)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (clients.Count >= MaxClients)
            {
                // Forget clients that are not locked out, rather than grow without bound under a spray of addresses.
                foreach (var key in clients.Where(c => c.Value.LockedUntil <= now).Select(c => c.Key).ToList())
                {
                    clients.Remove(key);
                }
            }

            var failures = (clients.TryGetValue(client, out var entry) ? entry.Failures : 0) + 1;
            var over = failures - options.Value.MaxFailedLogins;
            var lockedUntil = over < 0
                ? DateTimeOffset.MinValue
                : now + TimeSpan.FromTicks(Math.Min(MaxLockout.Ticks, options.Value.LockoutPeriod.Ticks << Math.Min(over, 20)));
            clients[client] = (failures, lockedUntil);
        }
    }

    public void Succeeded(string client)
    {
        lock (gate)
        {
            clients.Remove(client);
        }
    }
}
