using Orleans.Delivery.EndToEnd.Tests.Delivery;
using Orleans.Delivery.Grains.Interfaces;
using Orleans.Delivery.SupplierSimulator;
using Orleans.Delivery.Testing;

namespace Orleans.Delivery.EndToEnd.Tests.Cluster;

/// <summary>
/// Two clusters on one store, each believing it owns the same order (as after a split): the one whose activation
/// is stale cannot write, and what it decided from its old state is never run.
/// </summary>
public abstract class StaleActivationTests(TestStore store, SmtpFixture smtpFixture)
{
    [Fact]
    public async Task PaymentDecidedFromAStaleState_WriteRefused_NoSecondPurchaseNoSecondEmail()
    {
        await using var shop = await CodeShop.StartAsync(store, smtp: smtpFixture.Server);
        var options = new TestClusterOptions { Silos = 1, ShareStoreOf = shop.Cluster };
        foreach (var (key, value) in shop.Cluster.Options.Configuration)
        {
            options.Configuration[key] = value;
        }

        await using var split = await TestCluster.StartAsync(options);
        var buyer = await shop.CreateOrderAsync();
        var stale = split.Client.GetGrain<IOrderGrain>(buyer.OrderId);
        Assert.Equal("pending_payment", (await stale.GetAsync())!.Status);

        // The shop's own activation takes the payment and delivers; the other one still holds the unpaid order.
        await shop.PayAsync(buyer);
        await shop.Cluster.DrainAsync();
        Assert.Equal("delivered", (await shop.OrderAsync(buyer)).Status);

        var payment = new PaymentReport("stripe", $"evt_{Guid.NewGuid():N}", PaymentOutcome.Succeeded, buyer.AmountMinor, "USD", $"pi_{Guid.NewGuid():N}");
        await Assert.ThrowsAnyAsync<Exception>(() => stale.RecordPaymentAsync(payment));
        await split.DrainAsync();
        await shop.Cluster.DrainAsync();

        Assert.Single(shop.Supplier.OrdersFor(buyer.OrderId));
        Assert.Equal(1, shop.Supplier.RequestCount(SupplierEndpoint.PlaceOrder));
        Assert.Single(await shop.MailTo(buyer.Email));
        var order = await shop.OrderAsync(buyer);
        Assert.Single(order.Payments);
        Assert.Single(order.History, h => h.To == "paid");

        // The refused activation is gone: the next call reads the order as it is.
        Assert.Equal("delivered", (await stale.GetAsync())!.Status);
    }
}

public sealed class StaleActivationSqliteTests(SmtpFixture mail) : StaleActivationTests(TestStore.Sqlite, mail), IClassFixture<SmtpFixture>;

public sealed class StaleActivationPostgresTests(SmtpFixture mail) : StaleActivationTests(TestStore.Postgres, mail), IClassFixture<SmtpFixture>;
