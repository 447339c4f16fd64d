using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orleans.Delivery.Gateway.Hosting;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Tests.Hosting;

/// <summary>
/// The hosts' tracing: with an OTLP endpoint configured, ASP.NET Core, HttpClient, Npgsql, Orleans and the product's own
/// activity sources are listened to; without one, no tracer is built.
/// </summary>
public sealed class TelemetryHostingTests
{
    private static readonly string[] Sources =
        ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", DeliveryTracing.SourceName];

    [Fact]
    public void OtlpEndpointSet_EveryInstrumentedSourceIsListenedTo()
    {
        using var services = Build(new() { ["OpenTelemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });

        using var tracer = services.GetRequiredService<TracerProvider>();

        Assert.All(Sources, name =>
        {
            using var source = new ActivitySource(name);
            Assert.True(source.HasListeners(), $"nothing listens to {name}");
        });
        using var unlisted = new ActivitySource("Orleans.Delivery.Unlisted");
        Assert.False(unlisted.HasListeners());
    }

    [Fact]
    public void NoOtlpEndpoint_NoTracerIsBuilt()
    {
        using var services = Build([]);

        Assert.Null(services.GetService<TracerProvider>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDeliveryTelemetry(configuration);
        return services.BuildServiceProvider();
    }
}
