using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Effects;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.Benchmarks;

/// <summary>
/// The product's silos for a benchmark: Orleans' in-process test cluster (<see cref="TestCluster"/>) on a fresh
/// PostgreSQL database, with real time instead of the tests' fake clock, and a gateway on a loopback port.
/// </summary>
/// <remarks>
/// In process rather than one Silo process per silo: this machine has two cores, so separate processes would share
/// the same cores and add no capacity, while in process the benchmark can count the database commands (an
/// <see cref="System.Diagnostics.ActivityListener"/> on Npgsql), hear each silo's effect runner and read the managed
/// heap directly. Calls between silos, and from the gateway's client to a silo, still travel over loopback TCP through
/// Orleans' serializer, as they would between processes. Every silo of the process shares one connection string and
/// so one Npgsql pool (20 connections), a tighter limit than separate processes would have.
/// </remarks>
public static class BenchCluster
{
    public const string StripeSecret = "whsec_benchmark_secret_0123456789";
    public const string StorefrontKey = "benchmark-storefront-key-0123456789";
    public const string Sku = "gift-20";
    public const string SupplierSku = "steam-20-usd";
    public const long PriceMinor = 2000;

    /// <summary>Starts <paramref name="silos"/> silos on PostgreSQL with real time; <paramref name="configure"/> adds settings.</summary>
    public static async Task<TestCluster> StartAsync(int silos, Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions
        {
            Silos = silos,
            Store = TestStore.Postgres,
            GatewayEnvironment = "Production",
            // Registered after the cluster's fake clock, so grains, runners and the gateway's signature check see real time.
            ConfigureServices = services => services.AddSingleton(TimeProvider.System),
        };
        options.Configuration["Webhooks:Stripe:Secrets:0"] = StripeSecret;
        options.Configuration["Api:StorefrontKeys:0"] = StorefrontKey;
        // The product's default; the test cluster's five seconds would add reminder writes a production silo does not make.
        options.Configuration["Effects:BackstopPeriod"] = new EffectOptions().BackstopPeriod.ToString("c", CultureInfo.InvariantCulture);
        options.Configuration["Logging:LogLevel:Default"] = "Error";
        configure?.Invoke(options);
        return await TestCluster.StartAsync(options);
    }

    /// <summary>The store's settings and its one product, a $20 supplier code.</summary>
    public static async Task StockAsync(IGrainFactory grains)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);
        var settings = await catalog.UpdateSettingsAsync(new StoreSettingsDefinition("Bench Store", null, "support@bench.test", "orders@bench.test"));
        var product = await catalog.UpsertProductAsync(new ProductDefinition(
            Sku, "Steam Gift Card", PriceMinor, "USD", FulfillmentKind.SupplierCode, SupplierSku: SupplierSku, Denomination: "$20",
            Instructions: "Redeem in the Steam client."));
        if (!settings.Applied || !product.Applied)
        {
            throw new InvalidOperationException($"the catalog refused the benchmark's stock: {string.Join(" ", settings.Errors.Concat(product.Errors))}");
        }
    }

    /// <summary>Creates orders <paramref name="ids"/> (pending payment), <paramref name="parallelism"/> at a time.</summary>
    public static async Task CreateOrdersAsync(IGrainFactory grains, IReadOnlyList<string> ids, int parallelism = 32)
    {
        var cart = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(Sku, 1)]);
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var created = await grains.GetGrain<IOrderGrain>(ids[i]).CreateAsync(new NewOrder(new CustomerInfo($"buyer-{ids[i]}@bench.test"), cart), ct);
            if (!created.Created)
            {
                throw new InvalidOperationException($"order {ids[i]} not created: {created.Error}");
            }
        });
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static double Arg(string[] args, int index, double fallback) =>
        args.Length > index ? double.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
