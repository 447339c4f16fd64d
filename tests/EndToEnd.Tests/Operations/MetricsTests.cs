using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>The product's meter through OpenTelemetry: a paid and delivered order shows in the exported figures, and silos serve /metrics.</summary>
public sealed class MetricsTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task PaidOrderDelivered_ExportedFiguresShowTheDeliveryAndItsLatency()
    {
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(DeliveryMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var order = await _shop.CreateOrderAsync();

        using var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
        provider.ForceFlush();

        Assert.True(Sum(exported, "delivery.fulfillment.outcomes", ("outcome", "delivered")) >= 1);
        Assert.True(Count(exported, "delivery.payment_to_delivery.duration") >= 1);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "accepted")) >= 1);
    }

    [Fact]
    public async Task Metrics_ScrapeEndpoint_AnswersPrometheusText()
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, "/metrics", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }

    private static long Count(List<Metric> metrics, string name)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                total += point.GetHistogramCount();
            }
        }

        return total;
    }

    private static bool Matches(in MetricPoint point, (string Key, object Value)[] tags)
    {
        var present = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            present[tag.Key] = tag.Value;
        }

        return tags.All(t => present.TryGetValue(t.Key, out var v) && Equals(v, t.Value));
    }
}
