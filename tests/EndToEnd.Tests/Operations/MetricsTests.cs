using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orleans.Delivery.EndToEnd.Tests.Orders;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.Testing.Simulators;
using static Orleans.Delivery.EndToEnd.Tests.Operations.ExportedMetrics;

namespace Orleans.Delivery.EndToEnd.Tests.Operations;

/// <summary>
/// The product's meter through OpenTelemetry: a paid and delivered order shows in the exported figures, webhooks are
/// counted by outcome and reason, and silos serve /metrics. The meter is process-wide and other tests run beside these,
/// so figures are asserted as at least what this test caused.
/// </summary>
public sealed class MetricsTests(ShopFixture fixture) : IClassFixture<ShopFixture>
{
    private readonly Shop _shop = fixture.Shop;

    [Fact]
    public async Task PaidOrderDelivered_ExportedFiguresShowTheDeliveryByKindAndItsLatency()
    {
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(DeliveryMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var order = await _shop.CreateOrderAsync();

        using var paid = await _shop.PostSignedStripeAsync(
            StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd"));
        await _shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await _shop.GetOrderAsync(order.OrderId)).Status);
        provider.ForceFlush();

        Assert.True(Sum(exported, "delivery.fulfillment.outcomes", ("outcome", "delivered"), ("kind", "file"), ("test", false)) >= 1);
        Assert.True(Count(exported, "delivery.payment_to_delivery.duration") >= 1);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "accepted")) >= 1);
    }

    [Fact]
    public async Task StripeEventTwiceThenForged_CountedAcceptedDuplicateAndRejectedWithItsCode()
    {
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(DeliveryMetrics.MeterName).AddInMemoryExporter(exported).Build();
        var order = await _shop.CreateOrderAsync();
        var payload = StripeEventPayloads.PaymentIntentSucceeded(Shop.NewId("evt"), Shop.NewId("pi"), order.OrderId, Shop.EbookPrice, "usd");

        using var first = await _shop.PostSignedStripeAsync(payload);
        using var again = await _shop.PostSignedStripeAsync(payload);
        using var forged = await _shop.PostStripeAsync(payload, _shop.SignStripe(payload, secret: "whsec_not_the_endpoint_secret_0123456789"));
        using var malformed = await _shop.PostSignedStripeAsync("{\"id\":");
        await _shop.Cluster.DrainAsync();
        provider.ForceFlush();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "accepted")) >= 1);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "duplicate")) >= 1);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "rejected"), ("reason", "signature_mismatch")) >= 1);
        Assert.True(Sum(exported, "delivery.webhooks", ("provider", "stripe"), ("outcome", "rejected"), ("reason", "malformed_json")) >= 1);
    }

    [Fact]
    public async Task Metrics_ScrapeEndpoint_AnswersPrometheusText()
    {
        using var response = await _shop.SendAsync(HttpMethod.Get, "/metrics", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
