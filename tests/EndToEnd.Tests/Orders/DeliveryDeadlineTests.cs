using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Delivery.Grains.Interfaces;
using OrderGrain = Orleans.Delivery.Grains.Orders.OrderGrain;
using OrderWakes = Orleans.Delivery.Grains.Orders.OrderWakes;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Orders;

/// <summary>The order grain's delivery deadline on the cluster: wake-up, alert stream, and the order's history.</summary>
public sealed class DeliveryDeadlineTests
{
    private static readonly ProductDefinition GiftCard = new(
        "gift-25", "Gift Card", 2500, "USD", FulfillmentKind.SupplierCode, SupplierSku: "GC-25", Denomination: "$25");

    private static readonly ProductDefinition Ebook = new(
        "ebook", "E-book", 1900, "USD", FulfillmentKind.File, DownloadLimit: 3, FileKey: "ebooks/guide.pdf", FileName: "guide.pdf");

    private static async Task<TestCluster> StartAsync()
    {
        var options = new TestClusterOptions { Silos = 2 };

        // A supplier nobody listens on: the code order cannot be fulfilled, so the order stays undelivered.
        options.Configuration["Supplier:BaseUrl"] = "http://127.0.0.1:9/";
        options.Configuration["Supplier:ApiKey"] = "unused-supplier-key";

        // The supplier client's retries wait on the cluster's clock, which only the test moves: no wait between them.
        options.Configuration["Supplier:RetryDelay"] = "00:00:00";
        var cluster = await TestCluster.StartAsync(options);
        var catalog = Grains(cluster).GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore);

        // Delivery emails carry the store's name and sender: without them no email, and no order, is ever delivered.
        Assert.Empty((await catalog.UpdateSettingsAsync(new StoreSettingsDefinition("Deadline Shop", null, "support@shop.example", "orders@shop.example", "Deadline Shop"))).Errors);
        Assert.Empty((await catalog.UpsertProductAsync(GiftCard)).Errors);
        Assert.Empty((await catalog.UpsertProductAsync(Ebook)).Errors);
        return cluster;
    }

    private static IGrainFactory Grains(TestCluster cluster) => cluster.Silos[0].Services.GetRequiredService<IGrainFactory>();

    private static async Task<string> PaidOrderAsync(TestCluster cluster, string sku)
    {
        var grains = Grains(cluster);
        var cart = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.DefaultStore).PriceAsync([new CartItem(sku, 1)]);
        var orderId = $"order-{Guid.NewGuid():N}";
        var order = grains.GetGrain<IOrderGrain>(orderId);
        Assert.True((await order.CreateAsync(new NewOrder(new CustomerInfo("ada@example.com", "Ada"), cart))).Created);
        var paid = await order.RecordPaymentAsync(new PaymentReport("stripe", $"evt-{orderId}", PaymentOutcome.Succeeded, cart.AmountMinor, cart.Currency, $"pi-{orderId}"));
        Assert.Null(paid.ErrorCode);
        return orderId;
    }

    private static async Task<List<AlertRecord>> AlertsAsync(TestCluster cluster, string orderId) =>
        (await cluster.StreamAsync(OperationsStreams.Alerts, orderId))
            .Select(e => JsonSerializer.Deserialize<AlertRecord>(e.Entry, JsonSerializerOptions.Web)!)
            .ToList();

    [Fact]
    public async Task PaidCodeOrder_UndeliveredTenMinutesLater_RaisesOneOrderUndeliveredAlert()
    {
        await using var cluster = await StartAsync();
        var orderId = await PaidOrderAsync(cluster, GiftCard.Sku);
        await cluster.DrainAsync();

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await AlertsAsync(cluster, orderId), a => a.Kind == "order-undelivered");

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));
        await cluster.AdvanceAsync(TimeSpan.FromHours(1));

        var alert = Assert.Single(await AlertsAsync(cluster, orderId), a => a.Kind == "order-undelivered");
        Assert.Equal(orderId, alert.OrderId);
        Assert.StartsWith($"order {orderId}: not delivered 10 minutes after payment", alert.Message, StringComparison.Ordinal);
        var view = await Grains(cluster).GetGrain<IOrderGrain>(orderId).GetAsync();
        Assert.Contains(view!.History, h => h.Cause == "not delivered 10 minutes after payment");
        Assert.DoesNotContain(await cluster.OrderWakesAsync(orderId), r => r.Name == OrderWakes.DeliveryDeadline);
    }

    [Fact]
    public async Task PaidFileOrder_EmailAcceptedAtOnce_NeverAlerts()
    {
        await using var cluster = await StartAsync();
        var orderId = await PaidOrderAsync(cluster, Ebook.Sku);
        await cluster.DrainAsync();

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(11));

        Assert.Equal("delivered", (await Grains(cluster).GetGrain<IOrderGrain>(orderId).GetAsync())!.Status);
        Assert.DoesNotContain(await AlertsAsync(cluster, orderId), a => a.Kind == "order-undelivered");
        Assert.Empty(await cluster.OrderWakesAsync(orderId));
    }
}
