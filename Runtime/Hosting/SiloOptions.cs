using System.ComponentModel.DataAnnotations;

namespace Orleans.Delivery.Runtime;

/// <summary>How a silo claims and runs reminders and outbox rows.</summary>
public sealed class SiloOptions
{
    /// <summary>This silo's name in leases and logs. Default: machine name and a random suffix.</summary>
    public string SiloId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long the loop sleeps when idle, unless woken. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed reminder stays this silo's before another may fire it. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a claimed outbox row stays this silo's; effect handlers are cancelled before it ends, so no two
    /// silos run the same effect at once. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows claimed per round. Default 64.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Rows run at once by one silo. Default 16.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Attempts before an outbox row is moved to the dead-letter state. Default 8.</summary>
    [Range(1, 1_000)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay after the first failed attempt; doubled after each further one. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between attempts. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Run the background loops. Off in tests, which pump silos explicitly. Default true.</summary>
    public bool RunLoops { get; set; } = true;
}
