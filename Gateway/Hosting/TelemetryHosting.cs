using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Delivery.Grains.Interfaces;

namespace Orleans.Delivery.Gateway.Hosting;

/// <summary>
/// OpenTelemetry for every host that serves the gateway (the gateway process and every silo, which co-hosts it):
/// the product's meter (<see cref="DeliveryMetrics"/>) beside Orleans' and Polly's, scraped at <c>/metrics</c>
/// (Prometheus) and pushed by OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is set; with that endpoint, traces too, from
/// OpenTelemetry's ASP.NET Core and HttpClient instrumentation, Npgsql's, Orleans' activity sources and the product's own (<see cref="DeliveryTracing"/>:
/// effects run by the runners, each continuing the trace that planned it, and SMTP sends).
/// </summary>
public static class TelemetryHosting
{
    public const string SectionName = "OpenTelemetry";

    public static IServiceCollection AddDeliveryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var otlp = section["OtlpEndpoint"] is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(section["ServiceName"] is { Length: > 0 } name ? name : "orleans-delivery"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DeliveryMetrics.MeterName, "Microsoft.Orleans", "Polly")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                metrics.AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", DeliveryTracing.SourceName)
                .AddOtlpExporter(o => o.Endpoint = otlp));
        }

        return services;
    }
}
