using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Delivery.Silo.Supplier;

namespace Orleans.Delivery.EndToEnd.Tests.Supplier;

// A SupplierClient wired the way the silo wires it (configuration section, DI, typed HttpClient), on a fake
// clock, with its logs captured.
internal sealed class SupplierClientHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    /// <param name="settings">More configuration, e.g. <c>Supplier:Fields:OrderId</c>.</param>
    public SupplierClientHarness(Uri baseUrl, string apiKey, Action<SupplierOptions>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Supplier:BaseUrl"] = baseUrl.ToString(),
                ["Supplier:ApiKey"] = apiKey,
                ["Supplier:RequestTimeout"] = "00:00:10",
                ["Supplier:RetryDelay"] = "00:00:00",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSupplierClient(configure);
        _provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public SupplierClient Client => _provider.GetRequiredService<SupplierClient>();

    public SupplierResilience Resilience => _provider.GetRequiredService<SupplierResilience>();

    public void Dispose() => _provider.Dispose();
}
