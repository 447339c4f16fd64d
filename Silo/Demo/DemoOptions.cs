namespace Orleans.Delivery.Silo.Demo;

/// <summary>
/// Demo mode (configuration section <c>Demo</c>; <c>--demo</c> on the command line): a single node that takes a
/// test payment and delivers the demo catalog end to end, with nothing outside this process.
/// </summary>
public sealed class DemoOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Demo";

    /// <summary>
    /// Turns demo mode on: a generated Stripe test webhook secret, the built-in demo supplier on loopback, the pickup
    /// folder for mail, and the demo catalog seeded into an empty store. Default: false. Never on a public node: a
    /// payment signed with the demo secret is taken as real.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Where the demo's Stripe webhook secret is kept (generated on first start); <c>pay</c> signs with it. Default:
    /// <c>data/demo-stripe-webhook.secret</c>.
    /// </summary>
    public string StripeSecretFile { get; set; } = Path.Combine("data", "demo-stripe-webhook.secret");

    /// <summary>
    /// Where the operator console's password is kept (generated on first start) when <c>Console:Password</c> is not
    /// set. Default: <c>data/console-password.secret</c>.
    /// </summary>
    public string ConsolePasswordFile { get; set; } = Path.Combine("data", "console-password.secret");
}
