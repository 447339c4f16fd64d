namespace Orleans.Delivery.Gateway.Console;

/// <summary>The operator console (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>The operators' password. Unset: the console refuses every login (the admin API keeps working).</summary>
    public string? Password { get; set; }

    /// <summary>Wrong passwords in a row from one client before further tries wait. Default 5.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a client waits after <see cref="MaxFailedLogins"/> wrong passwords; doubles with each further one, up to 15 minutes. Default 30 s.</summary>
    public TimeSpan LockoutPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the configured supplier is a test one (the demo supplier, a sandbox). When false, a test order of a
    /// supplier product is refused unless the operator ticks "use the live supplier". Default false; demo mode sets it.
    /// </summary>
    public bool SupplierIsTest { get; set; }

    /// <summary>Where the console links to the Orleans dashboard. Default <c>/dashboard/</c>.</summary>
    public string DashboardPath { get; set; } = "/dashboard/";
}
