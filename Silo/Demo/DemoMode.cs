using Orleans.Delivery.Gateway.Files;
using Orleans.Delivery.Silo.Demo.Supplier;
using Orleans.Delivery.Silo.Mail;

namespace Orleans.Delivery.Silo.Demo;

/// <summary>
/// What demo mode puts in place before the node is built: the Stripe test webhook secret (kept in
/// <see cref="DemoOptions.StripeSecretFile"/>), the built-in <see cref="DemoSupplier"/> as the supplier, and the pickup
/// folder as the mail sender. The demo catalog is seeded later by <see cref="Catalog.CatalogSeeder"/>.
/// </summary>
public sealed class DemoMode : IAsyncDisposable
{
    /// <summary>The command-line switch, short for <c>--Demo:Enabled=true</c>.</summary>
    public const string Switch = "--demo";

    private DemoMode(DemoSupplier supplier, string stripeSecretFile, string? consolePasswordFile)
    {
        Supplier = supplier;
        StripeSecretFile = stripeSecretFile;
        ConsolePasswordFile = consolePasswordFile;
    }

    public DemoSupplier Supplier { get; }

    /// <summary>The absolute path of the file holding the Stripe test webhook secret.</summary>
    public string StripeSecretFile { get; }

    /// <summary>The file holding the console's generated password; null when <c>Console:Password</c> was configured.</summary>
    public string? ConsolePasswordFile { get; }

    /// <summary>The arguments with <see cref="Switch"/> spelled as the setting it stands for.</summary>
    public static string[] Arguments(IEnumerable<string> args) =>
        args.Select(a => string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase) ? $"--{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}=true" : a).ToArray();

    /// <summary>
    /// When <c>Demo:Enabled</c> is set, starts the demo supplier and adds the demo's settings to
    /// <paramref name="configuration"/> (over whatever else set them: demo mode never reaches a real supplier or mail
    /// service); otherwise changes nothing and answers null.
    /// </summary>
    public static async Task<DemoMode?> StartAsync(ConfigurationManager configuration, CancellationToken cancellationToken = default)
    {
        var options = configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        if (!options.Enabled)
        {
            return null;
        }

        var secretFile = Path.GetFullPath(options.StripeSecretFile);
        var secret = PersistedSecret.LoadOrCreate(secretFile);
        var supplier = await DemoSupplier.StartAsync(cancellationToken);

        // Appended to the secrets already configured, so a Stripe CLI secret keeps working beside the demo's.
        var secretIndex = configuration.GetSection("Webhooks:Stripe:Secrets").GetChildren().Count();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Webhooks:Stripe:Secrets:{secretIndex}"] = secret,
            ["Supplier:BaseUrl"] = supplier.BaseUrl.AbsoluteUri,
            ["Supplier:ApiKey"] = supplier.ApiKey,
            ["Mail:Provider"] = MailOptions.PickupProvider,

            // The demo supplier sells nothing real: test orders of its products need no confirmation.
            ["Console:SupplierIsTest"] = "true",
        });
        string? consolePasswordFile = null;
        if (string.IsNullOrEmpty(configuration["Console:Password"]))
        {
            consolePasswordFile = Path.GetFullPath(options.ConsolePasswordFile);
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Console:Password"] = PersistedSecret.LoadOrCreate(consolePasswordFile) });
        }

        return new DemoMode(supplier, secretFile, consolePasswordFile);
    }

    public ValueTask DisposeAsync() => Supplier.DisposeAsync();
}
